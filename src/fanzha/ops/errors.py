"""The conditions under which a backup, a restore or the backup settings refuse (messages in
fanzha.i18n.ops)."""

from __future__ import annotations

from fanzha.errors import Conflict, DomainError, InvalidInput


class ToolMissing(DomainError):
    status_code = 500
    code = "backup_tool_missing"


class DumpFailed(DomainError):
    status_code = 500
    code = "backup_dump_failed"


class BackupDirUnusable(InvalidInput):
    code = "backup_dir_unusable"


class BackupNotFound(InvalidInput):
    code = "backup_not_found"


class ManifestUnreadable(InvalidInput):
    code = "backup_manifest_unreadable"


class BackupDamaged(InvalidInput):
    code = "backup_damaged"


class DatabaseNotEmpty(Conflict):
    code = "restore_database_not_empty"


class FilesAreaNotEmpty(Conflict):
    code = "restore_files_not_empty"


class DatabaseUnreachable(DomainError):
    status_code = 503
    code = "backup_database_unreachable"


class FilesAreaUnusable(InvalidInput):
    code = "restore_files_unusable"


class RestoreFailed(DomainError):
    status_code = 500
    code = "restore_failed"


class BadBackupTime(InvalidInput):
    code = "bad_backup_time"
