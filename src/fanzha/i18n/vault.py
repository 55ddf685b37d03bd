"""Text of the identity vault (身份保管库): reporters' identities kept encrypted."""

from __future__ import annotations

ERRORS = {
    "vault_key_missing": (
        "身份保管库未配置密钥：请在 FANZHA_VAULT_KEYS 中设置密钥（fanzha vault new-key 生成）"
    ),
    "vault_key_invalid": (
        "身份保管库密钥格式不正确：FANZHA_VAULT_KEYS 须为 fanzha vault new-key 生成的密钥，"
        "以逗号分隔"
    ),
    "vault_unreadable": (
        "该身份信息无法用当前密钥解密：请确认 FANZHA_VAULT_KEYS 包含加密时使用的密钥"
    ),
    "vault_record_not_found": "该身份记录不存在",
    "vault_request_not_found": "该查看申请不存在",
    "vault_reason_missing": "请填写查看理由（将记入审计日志，并由保管人审批）",
    "vault_reason_too_long": "查看理由不能超过 {max} 个字",
    "vault_request_pending": "您已提交过查看申请，正在等待保管人审批",
    "vault_own_request": "不能审批自己提交的查看申请，须由另一名保管人审批",
    "vault_not_custodian": "只有具备身份保管权限的人员才能审批查看申请",
    "vault_no_grant": "您没有有效的查看授权：请先申请，经保管人批准后在有效期内查看",
    "vault_identity_empty": "身份信息至少要有姓名、电话、身份证号或银行账号之一",
}

SUBJECTS = {"vault_request": "身份查看申请", "vault_record": "身份记录"}

REQUEST_STATUSES = {"pending": "待审批", "approved": "已批准", "refused": "已拒绝"}

# What kind of person an identity belongs to.
SUBJECT_KINDS = {
    "tip_reporter": "线索举报人",
    "reward_beneficiary": "奖励对象",
    "payout_claimant": "现场领奖人",
}

FIELDS = {
    "name": "姓名",
    "phone": "联系电话",
    "id_number": "身份证号",
    "bank_account": "银行账号",
    "bank_name": "开户行",
}

TEXT = {
    "title": "身份保管库",
    "requests_title": "身份查看申请",
    "record_title": "身份记录 {number}",
    "pending": "待审批",
    "log": "申请与查看记录",
    "no_pending": "没有待审批的申请",
    "requested_by": "申请人",
    "reason": "理由",
    "requested_at": "申请时间",
    "decided_by": "审批人",
    "decided_at": "审批时间",
    "expires_at": "查看有效期至",
    "views": "查看次数",
    "approve": "批准",
    "refuse": "拒绝",
    "decision_note": "审批意见",
    "request": "申请查看身份",
    "request_hint": (
        "身份信息加密保存，须经另一名保管人批准后方可在 {minutes} 分钟内查看，每次查看均记入审计。"
    ),
    "granted_until": "已获批准，可查看至 {at}",
    "waiting": "申请已提交，等待保管人审批",
    "subject": "对象",
    "status": "状态",
    "confirm_approve": "批准后，申请人可在 {minutes} 分钟内查看该人的完整身份信息。确认批准？",
    "requested_flash": "查看申请已提交，等待保管人审批",
    "approved_flash": "已批准",
    "refused_flash": "已拒绝",
}

CLI = {
    "help": "身份保管库：生成密钥、轮换密钥",
    "new_key_help": "生成一个新的保管库密钥（写入 FANZHA_VAULT_KEYS 的第一位）",
    "rotate_help": "用 FANZHA_VAULT_KEYS 的第一个密钥重新加密全部身份记录",
    "rotated": "已用当前密钥重新加密 {count} 条身份记录",
}
