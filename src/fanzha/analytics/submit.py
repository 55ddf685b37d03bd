"""The Spark jobs' entry point, for `fanzha analytics run` and for spark-submit alike:

    spark-submit --master yarn --deploy-mode client \\
        "$(python -c 'import fanzha.analytics.submit as m; print(m.__file__)')" \\
        linking --archive hdfs:///fanzha/archive --out hdfs:///fanzha/results

Without --master the master is spark-submit's (or spark-defaults.conf's).
"""

from __future__ import annotations

import argparse
import sys

from fanzha.analytics import jobs
from fanzha.analytics.spark import session
from fanzha.i18n import analytics as i18n


def main(argv: list[str]) -> list[str]:
    """Run the job named in argv over the archive; one line per output written."""
    parser = argparse.ArgumentParser(prog="fanzha-analytics")
    parser.add_argument("job", choices=sorted(jobs.JOBS))
    parser.add_argument("--archive", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--master", default=None)
    parser.add_argument("--cap", type=int, default=None)
    args = parser.parse_args(argv)
    spark = session(args.master)
    try:
        written = jobs.run(spark, args.job, args.archive, args.out, cap=args.cap)
    finally:
        spark.stop()
    return [
        i18n.SAY["job_done"].format(
            job=args.job, name=name, rows=rows, path=f"{args.out.rstrip('/')}/{name}"
        )
        for name, rows in written.items()
    ]


if __name__ == "__main__":
    for line in main(sys.argv[1:]):
        print(line)
