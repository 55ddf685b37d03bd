"""Settings from the environment; every name starts with FANZHA_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, NonNegativeFloat, NonNegativeInt, PositiveInt
from pydantic_settings import BaseSettings, SettingsConfigDict

from fanzha import rules

# src/fanzha/config.py -> the repository root, where var/ and migrations/ live
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FANZHA_", env_file=".env", extra="ignore")

    # Empty: start the embedded PostgreSQL with its data in `pgdata_dir`.
    database_url: str = ""
    # Set by `fanzha serve` for the processes it starts when the database is the embedded one
    # (they get its URL in FANZHA_DATABASE_URL): what is allowed only on the embedded default
    # (a vault key made on first use) stays allowed there, never against an operator's database.
    embedded_database: bool = False
    # Every app connection carries these (seconds; 0 turns one off), so no lock, slow query or
    # forgotten transaction can hold a request, or a whole process, hostage: a request waits at
    # most `db_lock_timeout` for a row another holds and is answered 503 "系统繁忙" after it.
    db_lock_timeout: NonNegativeFloat = 5
    db_statement_timeout: NonNegativeFloat = 30
    db_idle_in_transaction_timeout: NonNegativeFloat = 60
    # The job worker and the CLI (demo build, statement imports of a million rows) run long
    # statements and compute between them; they get these instead.
    db_bulk_lock_timeout: NonNegativeFloat = 60
    db_bulk_statement_timeout: NonNegativeFloat = 1800
    db_bulk_idle_in_transaction_timeout: NonNegativeFloat = 600
    pgdata_dir: Path = PROJECT_ROOT / "var" / "pgdata"
    # Cookies marked Secure when the site is served over HTTPS behind a proxy.
    secure_cookies: bool = False
    session_hours: int = 12
    # Lockout: `lockout_failures` failed logins within `lockout_window_minutes`
    # lock the account for `lockout_minutes`.
    lockout_failures: int = 5
    lockout_window_minutes: int = 10
    lockout_minutes: int = 15
    # Warnings: grading thresholds (yuan), the content-duplicate window, and which phone regions
    # count as local (a comma-separated list of prefixes of the phonenumbers region, in Chinese).
    warning_high_amount_yuan: int = 50_000
    warning_medium_amount_yuan: int = 5_000
    warning_duplicate_window_hours: int = 72
    # 预后被骗: a case counts against an earlier warning to the same person within this window.
    defrauded_later_window_days: int = 365
    local_phone_regions: str = "江苏省"
    # The center's own city: a stop-payment on an account whose branch is elsewhere becomes a
    # 协查请求 to that city's center.
    city_name: str = "示例市"
    # The center's code in the province archive (fanzha archive export): the city's partition
    # and the prefix of its records there; the 6-digit 行政区划代码 of the city is the usual pick.
    center_code: str = "000000"
    # A CJK font file for PDF letters; empty: Debian's fonts-noto-cjk or another common one.
    pdf_font: str = ""
    # Clocks per grade in minutes (JSON in the environment), e.g.
    # FANZHA_WARNING_SIGN_MINUTES='{"urgent": 1, "high": 5, "medium": 15, "low": 30}'
    warning_sign_minutes: dict[str, int] = {"urgent": 1, "high": 5, "medium": 15, "low": 30}
    warning_contact_minutes: dict[str, int] = {"urgent": 3, "high": 15, "medium": 60, "low": 240}
    warning_face_minutes: dict[str, int] = {"urgent": 30, "high": 1440}
    # An unrouted warning must be routed (or marked 外地对象) within these minutes per grade.
    warning_route_minutes: dict[str, int] = {"urgent": 3, "high": 10, "medium": 30, "low": 60}
    # 跨区域移交: hours the other center has to answer a transfer we sent, and hours we have to
    # answer one sent to us (the letter and the incoming record carry the deadline).
    transfer_answer_hours: int = 72
    # 协查 of a stop-payment: hours the other city's center has to answer (the stop itself
    # lasts only 48 h, so the answer is owed well before it lapses).
    assist_answer_hours: int = 24
    # Awareness survey (知晓率调查): a rate over fewer answers than this is flagged as a small
    # sample; one batch of single-use codes is at most this many.
    survey_small_sample: int = 30
    survey_batch_max: int = 2000
    # The public address printed before /public/survey/<code> on code slips ("" = the address
    # the staff page was opened at).
    survey_link_base: str = ""
    # Training check-in: a QR code shown at the session is good for this many minutes (the
    # page shows a fresh one every half minute), so a photo of it sent around soon stops working.
    training_checkin_minutes: PositiveInt = 3
    # Case linking: a value seen in more cases than this stops linking until an analyst
    # reviews it (a bank's collection account, a platform's domain drown the real gangs).
    linking_cap: int = rules.LINKING_CAP
    # Leads: a unit's feedback is chased this many hours after its deadline, and again after.
    lead_reminder_hours: int = 24
    # Uploads, refused before anything is parsed or stored: a statement file (xlsx/xls/csv)
    # and any other Excel import in MiB; rows and columns per sheet; the longest header cell.
    upload_statement_mb: float = 200
    upload_excel_mb: float = 20
    upload_max_rows: int = 2_000_000
    upload_max_columns: int = 200
    upload_max_header_chars: int = 200
    # A queued statement import runs in a child process stopped after this many seconds
    # (the import then ends as failed, nothing stored) and capped at this much memory
    # (MiB of address space, 0 = no cap): a pathological file costs the child, never the worker.
    statement_import_seconds: float = 600
    statement_import_memory_mb: int = 4096
    # Requests one app process works on at once, and how many more may wait their turn before
    # the rest are answered 503 系统繁忙 (fanzha.web.admission; a limit of 0 turns it off).
    # Under the storm of bench/storm.py on 2 cores, /healthz's p99 rose 8.4× over idle (median
    # of 7 runs) at a limit of 8 and 3.3× at 2 with the lease below, the storm taking no
    # longer: fewer threads contend for the GIL and the cores with the event loop.
    admission_limit: NonNegativeInt = 2
    admission_queue: NonNegativeInt = 500
    # Milliseconds a request counts against the limit at most: a longer one (export, PDF,
    # lock wait) goes on without holding a turn, so slow requests cannot queue the short ones.
    admission_lease_ms: NonNegativeInt = 250
    # Door-knock visit photos (fanzha.outreach.photos): MiB per photo and per uploader per
    # local day (originals counted), the most pixels a photo may have, and the longest side of
    # the EXIF-free copy shown to staff.
    outreach_photo_mb: float = 10
    outreach_photo_day_mb: float = 200
    outreach_photo_max_pixels: PositiveInt = 50_000_000
    outreach_photo_copy_px: PositiveInt = 2048
    # Hours a volunteer is credited per door-knock visit they were present at: the phone records
    # when a visit happened, not how long it took, and a knock with the five-ones talk takes
    # about this long (Yangzhou's teams logged ~15 households per half day).
    outreach_visit_hours: float = Field(0.25, ge=0, le=8)
    # The citizens' site (/public/): the center's name as citizens read it ("" = the city's
    # 反诈中心), its public address for QR codes ("" = the address the staff page was asked on),
    # per-client limits on its POSTs (a `limits` rate string), and after how many POSTs within
    # an hour a client must solve an image CAPTCHA first.
    public_center_name: str = ""
    public_base_url: str = ""
    public_post_limit: str = "30/minute"
    public_captcha_after: NonNegativeInt = 20
    # Tips (线索举报): the key of the receipt codes' lookup hash (any long random string; empty on
    # the embedded default only, where a key file is made once under var/). Losing it makes
    # every receipt code unreadable, so back it up apart from the database.
    tip_code_key: str = ""
    # Attachments of one tip: at most this many pictures, each at most this many MB.
    tip_attachments_max: NonNegativeInt = 3
    tip_attachment_mb: float = 8
    # Wrong receipt codes one client may try per hour before it is refused.
    tip_code_failures_per_hour: PositiveInt = 10
    # Uploaded files and photos kept outside the database; `fanzha backup` copies them.
    files_dir: Path = PROJECT_ROOT / "var" / "files"
    # Backups: where `fanzha backup` and the nightly job write, when the job runs (HH:MM,
    # Asia/Shanghai), how many backups are kept (older ones are removed after a good backup).
    backup_dir: Path = PROJECT_ROOT / "var" / "backups"
    backup_time: str = "02:30"
    backup_keep: PositiveInt = 7
    # The admin page and `fanzha check` alarm when the last good backup is older than this.
    backup_alarm_hours: PositiveInt = 24
    # `fanzha check` fails below this share of free disk space (percent).
    disk_free_min_percent: NonNegativeFloat = 10
    # Retention (fanzha.retention.purge): days a kind of personal data is kept once its record
    # is finished; the nightly purge then deletes or anonymises it. 0 turns a kind off. What is
    # still needed is never touched (an open case, a freeze or stop-payment in force, a pending
    # return or door visit, a legal hold); each default's reasoning is in RETENTION_KINDS there.
    retention_warning_days: NonNegativeInt = 1095
    retention_at_risk_days: NonNegativeInt = 1095
    retention_statement_days: NonNegativeInt = 1825
    retention_session_days: NonNegativeInt = 30
    retention_login_audit_days: NonNegativeInt = 365
    retention_audit_days: NonNegativeInt = 2190
    # When the purge job runs: a cron line read in UTC (19:00 UTC is 03:00 in Shanghai).
    retention_purge_cron: str = "30 19 * * *"
    # The identity vault (fanzha.vault): Fernet keys, comma-separated, newest first (the first
    # encrypts, all decrypt; `fanzha vault new-key` makes one, `fanzha vault rotate` re-encrypts).
    # Empty on the embedded default only: a key file under var/ is made once. Keep the keys
    # out of the backups of the database they protect.
    vault_keys: str = ""
    # How long an approved request lets the requester see one identity (minutes).
    vault_grant_minutes: PositiveInt = 30
    # Rewards (奖励): the suggested band per ground in yuan (the scheme's range is 200–50,000;
    # 重奖 on grounds 2 and 6 may reach the top), the days the foundation has to pay after it
    # confirms (连云港奖励办法: 15 日内), the reminder that many days before, and which kinds
    # of staff act within their duties (no reward except under ground 9).
    reward_bands_yuan: dict[str, list[int]] = {
        "stopped_transfer": [200, 5_000],
        "lead_solved_case": [500, 20_000],
        "lead_fugitive": [500, 10_000],
        "lead_two_cards": [200, 5_000],
        "lead_abroad": [500, 10_000],
        "caught_suspect": [1_000, 20_000],
        "bank_staff_report": [500, 10_000],
        "telecom_staff_report": [500, 10_000],
        "frontline_stop": [200, 5_000],
    }
    reward_pay_days: PositiveInt = 15
    reward_remind_days: PositiveInt = 3
    reward_duty_staff_kinds: list[str] = ["officer", "auxiliary"]


@lru_cache
def get_settings() -> Settings:
    return Settings()
