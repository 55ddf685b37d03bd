"""预警劝阻: intake, grading, routing, clocks, the dissuasion ladder, boards and feedback."""
