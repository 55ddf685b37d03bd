"""Status labels of the money loop: stop-payments, 协查, freezes, returns (re-exported by
fanzha.i18n.zh_CN, where pages and services read them)."""

from __future__ import annotations

STOP_PAYMENT_STATUSES = {
    "requested": "待银行反馈",
    "held": "已止付",
    "empty": "无款可止",
    "frozen": "已转冻结",
    "lapsed": "已失效",
    "released": "已解除",
}

ASSIST_STATUSES = {"sent": "已发送", "answered": "已回复", "withdrawn": "已撤回"}

FREEZE_STATUSES = {
    "active": "冻结中",
    "unfreezing": "解冻中",
    "unfrozen": "已解冻",
    "lapsed": "已失效",
    "returned": "已返还",
}

RETURN_KINDS = {"traceable": "可溯源返还", "pooled": "按比例返还"}

RETURN_STATUSES = {
    "noticed": "公告中",
    "ready": "待下达",
    "ordered": "已下达银行",
    "done": "已返还",
    "cancelled": "已撤销",
}
