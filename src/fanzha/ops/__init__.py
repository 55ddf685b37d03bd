"""Operating the platform: backups and restores, the health check (`fanzha backup`,
`fanzha restore`, `fanzha check`) and the nightly backup job."""
