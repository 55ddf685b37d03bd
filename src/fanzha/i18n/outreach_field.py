"""Text of the door-knock field page (入户走访): the offline visit form, its sync queue and
visit photos. The page's script reads `PAGE` as JSON, so no Chinese lives in the .js files."""

from __future__ import annotations

ERRORS = {
    "photo_too_big": "照片超过单张上限 {limit} MB，请压缩后再传",
    "photo_day_limit": "今日上传照片已达每人每日上限 {limit} MB，明日再传",
    "photo_unreadable": "无法识别的照片，请上传 JPEG、PNG 或 WebP 格式的照片",
    "photo_too_many_pixels": "照片像素过多（上限 {limit} 万像素）",
    "photo_uuid_taken": "照片编号已被他人使用，请重新拍摄",
    "photo_missing": "请选择照片",
}

TITLE = "入户走访"
PICK_TITLE = "选择专项行动"
NO_CAMPAIGN = "本队当前没有进行中的专项行动"
PHOTO_SUBJECT = "走访照片"

# Everything the field page's script shows, handed to it as JSON.
PAGE = {
    "offline": "离线",
    "online": "在线",
    "offline_note": "当前离线：走访记录保存在本机，联网后自动同步；离线时不能查看住户完整信息",
    "waiting": "待同步",
    "waiting_none": "没有待同步的记录",
    "sync_now": "立即同步",
    "syncing": "正在同步…",
    "synced": "已同步 {n} 条",
    "created": "已同步",
    "unchanged": "已同步（此前已收到）",
    "refused": "被拒绝",
    "sync_failed": "同步失败，稍后自动重试：{reason}",
    "sign_in_again": "登录已过期，请重新登录后再同步（记录仍保存在本机）",
    "saved_offline": "已保存在本机，等待同步",
    "saved": "已保存",
    "floor_done": "已为 {floor} 层 {n} 户记录“无人在家”",
    "floor_label": "{floor} 层",
    "building_label": "{n}栋",  # a register that gives buildings and units as bare numbers
    "unit_label": "{n}单元",
    "floor_nobody": "整层无人在家",
    "priority": "重点",
    "walk_empty": "本队的走访清单为空",
    "walk_stale": "清单来自本机缓存（{when}）",
    "search": "搜索楼栋、单元、房号",
    "visited": "已走访",
    "not_visited": "未走访",
    "pick_household": "请先选择住户",
    "pick_outcome": "请选择走访结果",
    "pick_member": "请选择在场的队员",
    "reveal": "查看完整信息",
    "reveal_offline": "离线时不能查看完整信息",
    "reveal_failed": "查看失败：{reason}",
    "photo_waiting": "照片待上传",
    "photo_uploading": "正在上传照片…",
    "remove": "删除",
    "discard_confirm": "确定从本机删除这条被拒绝的记录？",
    "required": "必答",
    "close": "返回清单",
    "residents_unit": "人",
    "back": "返回",
}

FORM = {
    "outcome": "走访结果",
    "members": "在场队员",
    "residents": "见面人数",
    "five_ones": "五个一",
    "suggestion": "意见建议内容",
    "questionnaire": "问卷",
    "revisit": "需再访",
    "revisit_reason": "再访原因",
    "photo": "现场照片（可选）",
    "photo_pick": "拍照或选择照片",
    "save": "保存走访",
    "household": "住户",
    "contact": "联系人",
    "residents_registered": "登记人数",
    "flags": "标签",
}

AUDIT = {"revealed": "走访时查看住户完整信息"}
