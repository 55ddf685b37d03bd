"""Province findings: the Spark jobs' results (fanzha.analytics) loaded into the app and shown
under 研判 as cross-city gangs and mule accounts, linked to the local records a viewer may open."""
