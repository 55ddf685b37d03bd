"""Fanzha (反诈): operations platform for a city anti-telecom-fraud center."""
