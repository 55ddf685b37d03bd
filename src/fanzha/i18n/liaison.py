"""Text of 协查 between centers: the directory of other centers and the letters."""

from __future__ import annotations

ERRORS = {
    "center_name_taken": "已有同名的反诈中心",
    "center_not_found": "所选反诈中心不存在或已停用",
}

SUBJECT = "外地反诈中心"
AUDIT = {
    "created": "新增{name}（{where}）",
    "updated": "修改{name}（{where}）",
}

LETTER = {
    "font_missing": (
        "服务器未安装中文字体，无法生成 PDF 文书（可下载 Excel）。"
        "请安装 fonts-noto-cjk，或用 FANZHA_PDF_FONT 指定字体文件"
    ),
    "date_format": "%Y年%m月%d日",
    "officer": "经办人：{officer}",
}

# The directory's list: its states and its export.
CENTER_STATES = {"active": "启用", "retired": "已停用"}
CENTER_EXPORT = ("省份", "城市", "名称", "联系电话", "备注", "状态")
