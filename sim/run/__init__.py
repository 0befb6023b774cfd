"""Running a projection: engine inputs from a scenario and data (:mod:`.projection`), Monte Carlo blocks with
reproducible streams (:mod:`.montecarlo`), streamed summaries (:mod:`.summary`), the plan's targets per draw
(:mod:`.targets`) and executors for parallel work (:mod:`.executors`)."""
