"""Leaders' figures: the KPI registry, dashboards, monthly reports and the command big screen."""
