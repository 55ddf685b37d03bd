"""协查 between centers: the directory of other anti-fraud centers, and one mechanism for
"ask another center and wait for its answer" (its state machine, its deadline, its letter),
used by the money loop's stop-payment 协查 and by warnings transferred to another city."""
