"""Organisation: the unit tree (市局→分局→派出所→社区警务室), grids, staff, teams, gazetteer."""
