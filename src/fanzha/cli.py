"""`fanzha`: serve the app, migrate the database, build the demo city."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from typing import Annotated

import typer

from fanzha.i18n import zh_CN

app = typer.Typer(help="反诈中心业务平台 Fanzha", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="数据库 database", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (alembic upgrade head)."""
    from fanzha import migrate
    from fanzha.db import resolve_database_url

    migrate.upgrade(resolve_database_url())
    typer.echo("数据库已升级到最新版本")


@db_app.command("url")
def db_url() -> None:
    """Print the database URL in use (starts the embedded server if needed)."""
    from fanzha.db import resolve_database_url

    typer.echo(resolve_database_url())


def _print_accounts(city) -> None:
    from fanzha.demo.city import DEMO_PASSWORD

    typer.echo(f"示例账号（密码均为 {DEMO_PASSWORD}）:")
    for account in city.accounts:
        typer.echo(f"  {account.username:<14} {zh_CN.ROLES[account.role]:<8} {account.unit_name}")


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="随机种子：同一种子生成同一城市")] = 1,
    scale: Annotated[str, typer.Option(help="small（测试用，数秒）或 city（全市规模）")] = "city",
    warning_days: Annotated[
        int | None, typer.Option(help="回填多少天的预警（city 默认 365，small 默认 0）")
    ] = None,
) -> None:
    """Build the fictional 示例市 in an empty database."""
    from fanzha import migrate
    from fanzha.db import resolve_database_url, transaction
    from fanzha.demo import city as demo_city

    if scale not in demo_city.SHAPES:
        raise typer.BadParameter("scale 只能是 small 或 city")
    migrate.upgrade(resolve_database_url())
    with transaction() as session:
        if not demo_city.is_empty(session):
            typer.echo("数据库中已有数据，未生成示例城市（示例数据只写入空库）")
            raise typer.Exit(code=1)
        built = demo_city.build(
            session,
            seed=seed,
            scale=scale,  # type: ignore[arg-type]
            warning_days=warning_days,
        )
    typer.echo(f"示例市已生成：{built.counts}")
    _print_accounts(built)


@app.command()
def worker() -> None:
    """Run the job queue: clock sweeps every minute, reminders, long imports."""
    from fanzha import jobs, logs

    logs.configure()
    typer.echo("任务队列已启动（预警计时每分钟巡检一次）")
    jobs.make_app().run_worker()


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(help="应用进程数")] = 2,
    demo_if_empty: Annotated[bool, typer.Option(help="空库时生成示例城市")] = True,
) -> None:
    """Migrate, build the demo city when the database is empty, and serve the web app."""
    import uvicorn

    from fanzha import logs, migrate
    from fanzha.db import resolve_database_url, transaction
    from fanzha.demo import city as demo_city

    logs.configure()  # this process; each web worker's create_app does the same for its own
    url = resolve_database_url()
    migrate.upgrade(url)
    if demo_if_empty:
        with transaction() as session:
            if demo_city.is_empty(session):
                typer.echo("空库：正在生成示例城市……")
                built = demo_city.build(session, seed=1, scale="city")
                _print_accounts(built)
            else:
                typer.echo("已有数据，跳过示例城市。示例账号见 README。")
    # The workers are separate processes: hand them the running server's URL so they do not
    # try to start another embedded PostgreSQL.
    os.environ["FANZHA_DATABASE_URL"] = url
    # The job worker is its own process: clocks keep running whatever the web workers do.
    worker_process = subprocess.Popen([sys.executable, "-m", "fanzha.cli", "worker"])
    atexit.register(worker_process.terminate)
    typer.echo(f"访问 http://{host}:{port}")
    uvicorn.run(
        "fanzha.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
    )


if __name__ == "__main__":
    app()
