"""What-if tools: grids of scenarios (:mod:`.sweep`), goal seeking (:mod:`.goal`) and comparing two scenarios
(:mod:`.compare`)."""
