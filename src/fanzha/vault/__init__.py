"""The identity vault: reporters' identities encrypted at rest, shown to one reviewer for a
limited time after a second person with the custodian permission approves."""
