"""The desk: what an officer reaches from every page — the global search, 我的待办 and the
history of each record. Reads across the pillars, through the scope layer; writes only the
audit entries of its own searches."""
