"""`fanzha`: serve the app, migrate the database, build the demo city."""

from __future__ import annotations

import atexit
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

# Typer (0.2x) runs on its own copy of click: its refusals are that copy's exceptions.
from typer._click import exceptions as click_errors

from fanzha import admin_cli
from fanzha.analytics import cli as analytics_cli
from fanzha.holidays import cli as holidays_cli
from fanzha.i18n import cli as i18n
from fanzha.i18n import zh_CN
from fanzha.linking import sweep_cli
from fanzha.ops import cli_ops
from fanzha.org import boundary_cli
from fanzha.province import cli as province_cli
from fanzha.vault import cli as vault_cli

app = typer.Typer(help=i18n.HELP["app"], no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help=i18n.HELP["db"], no_args_is_help=True)
app.add_typer(db_app, name="db")
users_app = typer.Typer(help=i18n.HELP["users"], no_args_is_help=True)
app.add_typer(users_app, name="users")
cli_ops.register(app)  # backup, restore, check
app.add_typer(holidays_cli.app, name="holidays")  # 节假日安排 (issue 25)
app.add_typer(sweep_cli.app, name="counterparties")
app.add_typer(boundary_cli.app, name="boundaries")  # 网格边界 GeoJSON (issue 19)
app.add_typer(vault_cli.app, name="vault")  # 身份保管库 keys (issue 21)
app.add_typer(analytics_cli.archive_app, name="archive")  # 全省归档 Parquet (issue 23)
app.add_typer(analytics_cli.analytics_app, name="analytics")  # Spark 作业 (issue 23)
province_cli.register(analytics_cli.analytics_app)  # fanzha analytics load: 全省研判结果

# Scripts hand the first administrator's password over here (or on stdin), never as an argument
# that would sit in the shell history and the process list.
ADMIN_PASSWORD_ENV = "FANZHA_ADMIN_PASSWORD"
GRACEFUL_SHUTDOWN_SECONDS = 5  # open event streams are cut after this on a restart


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (alembic upgrade head)."""
    from fanzha import migrate
    from fanzha.db import resolve_database_url

    migrate.upgrade(resolve_database_url())
    typer.echo(i18n.SAY["db_upgraded"])


@db_app.command("url")
def db_url() -> None:
    """Print the database URL in use (starts the embedded server if needed)."""
    from fanzha.db import resolve_database_url

    typer.echo(resolve_database_url())


def _print_accounts(city) -> None:
    from fanzha.demo.city import DEMO_PASSWORD

    typer.echo(i18n.SAY["demo_accounts"].format(password=DEMO_PASSWORD))
    for account in city.accounts:
        typer.echo(f"  {account.username:<14} {zh_CN.ROLES[account.role]:<8} {account.unit_name}")


# The demo build's steps' shares of its time (measured on 2 cores: the warnings' year is most).
DEMO_WEIGHTS = {
    "city": 5,
    "warnings": 60,
    "cases": 10,
    "money": 10,
    "statements": 10,
    "analysis": 5,
    "rewards": 1,
}


@contextmanager
def _demo_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar over the demo build's steps, labelled with the step under way (the
    warnings' year chunk by chunk); a console that is not a terminal gets the label only."""
    with typer.progressbar(
        length=sum(DEMO_WEIGHTS.values()) * 100,
        label=i18n.SAY["demo_progress"],
        show_eta=True,
        item_show_func=lambda step: i18n.DEMO_STEPS.get(step or "", ""),
    ) as bar:
        finished: dict[str, float] = {}

        def progress(step: str, done: int, total: int) -> None:
            finished[step] = DEMO_WEIGHTS.get(step, 0) * 100 * done / max(total, 1)
            bar.current_item = step  # typer's update() no longer takes the item
            bar.update(int(sum(finished.values())) - bar.pos)

        yield progress


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help=i18n.HELP["seed"])] = 1,
    scale: Annotated[str, typer.Option(help=i18n.HELP["scale"])] = "city",
    warning_days: Annotated[int | None, typer.Option(help=i18n.HELP["warning_days"])] = None,
) -> None:
    """Build the fictional 示例市 in an empty database."""
    from fanzha import migrate
    from fanzha.db import resolve_database_url, transaction
    from fanzha.demo import city as demo_city

    if scale not in demo_city.SHAPES:
        raise typer.BadParameter(i18n.SAY["bad_scale"])
    migrate.upgrade(resolve_database_url())
    with transaction() as session:
        if not demo_city.is_empty(session):
            typer.echo(i18n.SAY["not_empty"])
            raise typer.Exit(code=1)
        with _demo_progress() as progress:
            built = demo_city.build(
                session,
                seed=seed,
                scale=scale,  # type: ignore[arg-type]
                warning_days=warning_days,
                progress=progress,
            )
    typer.echo(i18n.SAY["demo_built"].format(counts=built.counts))
    _print_accounts(built)


def _read_password(from_stdin: bool) -> str:
    """The new password: stdin, the environment, or typed twice at a hidden prompt."""
    from fanzha.auth.passwords import password_problem

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get(ADMIN_PASSWORD_ENV):
        return os.environ[ADMIN_PASSWORD_ENV]
    for _ in range(3):
        first = typer.prompt(i18n.SAY["password"], hide_input=True)
        problem = password_problem(first)
        if problem:
            typer.echo(problem, err=True)
            continue
        if typer.prompt(i18n.SAY["password_again"], hide_input=True) == first:
            return first
        typer.echo(i18n.SAY["passwords_differ"], err=True)
    raise typer.Exit(code=1)


@users_app.command("create-admin")
def users_create_admin(
    username: Annotated[str, typer.Option(help=i18n.HELP["username"])],
    unit: Annotated[
        str | None,
        typer.Option(help=i18n.HELP["unit"]),
    ] = None,
    display_name: Annotated[
        str, typer.Option(help=i18n.HELP["display_name"])
    ] = i18n.DEFAULT_ADMIN_NAME,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help=i18n.HELP["password_stdin"])
    ] = False,
) -> None:
    """Create a 系统管理员 account (and the top unit on an empty database).

    The password is prompted for twice, hidden; scripts pass it on stdin (--password-stdin) or
    in FANZHA_ADMIN_PASSWORD.
    """
    from fanzha import migrate
    from fanzha.auth import bootstrap
    from fanzha.config import get_settings
    from fanzha.db import resolve_database_url, transaction
    from fanzha.errors import DomainError

    password = _read_password(password_stdin)
    migrate.upgrade(resolve_database_url())
    try:
        with transaction() as session:
            user = bootstrap.create_admin(
                session,
                username=username,
                password=password,
                display_name=display_name,
                unit=unit,
                city_name=get_settings().city_name,
            )
            done = i18n.SAY["admin_created"].format(username=user.username, unit=user.unit.name)
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(done)


@app.command()
def worker() -> None:
    """Run the job queue: clock sweeps every minute, reminders, long imports."""
    from fanzha import jobs, logs
    from fanzha.errors import DomainError

    logs.configure()
    try:
        job_app = jobs.make_app()
    except DomainError as exc:  # a setting the job queue cannot run with (backup time, cron)
        typer.echo(exc.message, err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(i18n.SAY["worker_started"])
    job_app.run_worker()


def first_run(*, embedded: bool, demo_if_empty: bool) -> None:
    """What `serve` does with an empty database. The demo city (whose passwords are in the
    source) goes only into the embedded default database; a database named by
    FANZHA_DATABASE_URL gets nothing, and the operator is told how to make the first account."""
    from fanzha.auth import bootstrap
    from fanzha.db import transaction
    from fanzha.demo import city as demo_city
    from fanzha.demo import fill as demo_fill

    with transaction() as session:
        if embedded and demo_if_empty and demo_city.is_empty(session):
            typer.echo(i18n.SAY["building_demo"])
            with _demo_progress() as progress:
                built = demo_city.build(
                    session,
                    seed=1,
                    scale="city",
                    progress=progress,
                    recent_days=demo_fill.RECENT_DAYS,  # the rest fills in behind the server
                )
            _print_accounts(built)
            typer.echo(i18n.SAY["demo_fill_started"].format(days=demo_fill.RECENT_DAYS))
        elif not bootstrap.has_accounts(session):
            typer.echo(i18n.SAY["no_accounts"])
        elif embedded:
            typer.echo(i18n.SAY["demo_skipped"])


@app.command("demo-fill", help=i18n.HELP["demo_fill"])
def demo_fill_command() -> None:
    """Fill in the demo year's older days behind a running server, chunk by chunk."""
    from fanzha.db import transaction
    from fanzha.demo import fill as demo_fill
    from fanzha.seeding import FillStatus

    def told(now: FillStatus) -> None:
        if now.step == "done":
            typer.echo(i18n.SAY["demo_fill_done"])
            return
        typer.echo(
            i18n.SAY["demo_fill_progress"].format(
                days=now.days,
                total=now.days_total,
                step=i18n.DEMO_STEPS.get(now.step, now.step),
                percent=now.percent,
            )
        )

    os.nice(10)  # background work: the pages people are using come first
    demo_fill.run(transaction, told)


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(help=i18n.HELP["workers"])] = 2,
    demo_if_empty: Annotated[bool, typer.Option(help=i18n.HELP["demo_if_empty"])] = True,
) -> None:
    """Migrate, build the demo city when the embedded database is empty, serve the web app."""
    import uvicorn

    from fanzha import logs, migrate, seeding
    from fanzha.config import get_settings
    from fanzha.db import resolve_database_url, transaction

    logs.configure()  # this process; each web worker's create_app does the same for its own
    embedded = not get_settings().database_url
    url = resolve_database_url()
    migrate.upgrade(url)
    first_run(embedded=embedded, demo_if_empty=demo_if_empty)
    # The workers are separate processes: hand them the running server's URL so they do not
    # try to start another embedded PostgreSQL.
    os.environ["FANZHA_DATABASE_URL"] = url
    if embedded:
        os.environ["FANZHA_EMBEDDED_DATABASE"] = "1"
    with transaction() as session:
        unfinished = seeding.status(session) is not None
    if unfinished:  # the demo year fills in behind the server (resumed after a restart)
        fill_process = subprocess.Popen([sys.executable, "-m", "fanzha.cli", "demo-fill"])
        atexit.register(fill_process.terminate)
    # The job worker is its own process: clocks keep running whatever the web workers do.
    worker_process = subprocess.Popen([sys.executable, "-m", "fanzha.cli", "worker"])
    atexit.register(worker_process.terminate)
    typer.echo(i18n.SAY["visit"].format(host=host, port=port))
    uvicorn.run(
        "fanzha.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
        # A worker warms up (every route built, the heap frozen) before it answers the
        # supervisor's health ping; on a loaded 2-core machine that took over uvicorn's 5 s
        # default, and the supervisor then killed and restarted the workers in a loop.
        timeout_worker_healthcheck=60,
        # Live streams (the board, the big screen) never finish on their own: without a
        # limit a restart waited up to ten minutes for them. The pages reconnect by themselves.
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )


# The operator's commands (users, API keys, imports, exports, the retention purge).
admin_cli.register(app, users_app)


def main(args: list[str] | None = None) -> int:
    """Run `fanzha` with `args` (default: the command line); the exit code. click's own
    refusals (a missing option, a bad value, an unknown command or option) are said in
    Chinese with a pointer to --help and exit 2, as click's own do; an aborted prompt exits 1."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="fanzha", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else "")
        return 0
    except click_errors.UsageError as exc:
        typer.echo(_usage_message(exc), err=True)
        path = exc.ctx.command_path if exc.ctx else "fanzha"
        typer.echo(i18n.USAGE["help_hint"].format(command=path), err=True)
        return exc.exit_code
    except typer.Abort:
        typer.echo(i18n.USAGE["aborted"], err=True)
        return 1
    return result if isinstance(result, int) else 0


def _usage_message(exc: click_errors.UsageError) -> str:
    param = getattr(exc, "param", None)
    name = (param.opts[0] if param.opts else param.name) if param is not None else ""
    if isinstance(exc, click_errors.MissingParameter):
        return i18n.USAGE["missing"].format(param=name or exc.param_hint or "")
    if isinstance(exc, click_errors.BadParameter):
        # What the value should have been, when the parameter says (its type, or its choices).
        kind_of = getattr(param, "type", None)
        choices = getattr(kind_of, "choices", None)
        kind = (
            i18n.CHOICE_SEPARATOR.join(map(str, choices))
            if choices
            else i18n.PARAM_KINDS.get(getattr(kind_of, "name", ""))
        )
        expected = i18n.USAGE["expected"].format(kind=kind) if kind else ""
        return i18n.USAGE["bad_value"].format(param=name, expected=expected)
    if isinstance(exc, click_errors.NoSuchOption):
        return i18n.USAGE["no_option"].format(option=exc.option_name)
    unknown = re.match(r"No such command '(.*)'", exc.message)  # click's wording, click 8.x
    if unknown:
        return i18n.USAGE["no_command"].format(name=unknown.group(1))
    return i18n.USAGE["usage"]


def run() -> None:
    """The console script."""
    sys.exit(main())


if __name__ == "__main__":
    run()
