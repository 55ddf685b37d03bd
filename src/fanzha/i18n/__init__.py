"""User-facing text. Simplified Chinese is the only language today; every label is in zh_CN."""
