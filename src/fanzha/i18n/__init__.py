"""User-facing text. Simplified Chinese is the only language today: zh_CN holds the labels
every domain shares, a module per domain its own text (auth, org, fundflow, cases, warnings,
linking, cli, common), and `errors` joins every DomainError's message by its code."""
