"""Cases (接警): what was lost, to whom, and the money loop that follows."""
