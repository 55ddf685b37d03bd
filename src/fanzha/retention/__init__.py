"""The data lifecycle: retention periods and the nightly purge, legal holds that stop it, and
the data subject report (everything held on one ID number or phone)."""
