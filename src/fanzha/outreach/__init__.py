"""Prevention (宣防): households per grid, door-knocking campaigns and their visits, coverage,
outreach events, volunteer teams and training."""
