"""The State Council's holiday schedule as the center enters it (for years the bundled
calendar lacks, and officers' overrides of single dates), read by `fanzha.deadlines`."""
