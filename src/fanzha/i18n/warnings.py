"""Text of warnings (预警): intake, the dissuasion ladder, feedback and the boards."""

from __future__ import annotations

from fanzha.i18n import zh_CN

ERRORS = {
    "already_claimed": "该任务已被他人认领",
    "warning_finished_no_attempts": "该预警已反馈或为重复预警，不能再记录劝阻",
    "warning_not_routed": "该预警尚未分派到辖区，请先人工分派再转上门",
    "protected_only_when_dissuaded": zh_CN.PROTECTED_ONLY_WHEN_DISSUADED,
    "correction_changes_nothing": zh_CN.CORRECTION_CHANGES_NOTHING,
    "warning_grid_out_of_scope": "所选网格不存在或不在您的管辖范围",
    "warning_person_unmask_denied": "您的角色无权查看预警对象完整信息",
}
