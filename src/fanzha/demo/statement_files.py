"""Statement files as banks and payment platforms export them, for the demo and the tests.

Each builder takes `Line`s (one movement seen from the account's side) and returns the file's
bytes in one real-world layout.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from fanzha import excel
from fanzha.clock import SHANGHAI


@dataclass(frozen=True)
class Line:
    account: str
    at: datetime
    amount_fen: int
    incoming: bool
    counterpart: str = ""
    counterpart_name: str = ""
    summary: str = "转账"
    balance_fen: int | None = None
    serial: str = ""
    holder: str = "王某某"
    success: bool = True


def _yuan(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


def _local(at: datetime) -> datetime:
    return at.astimezone(SHANGHAI).replace(tzinfo=None)


def _xlsx(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    return excel.plain_workbook(sheets)


def bank_debit_credit_xlsx(lines: list[Line]) -> bytes:
    """A bank's debit-card statement: 借方/贷方 in two columns, date and time apart."""
    rows: list[list[object]] = [
        ["账户明细查询"],
        [],
        [
            "账号",
            "户名",
            "交易日期",
            "交易时间",
            "借方发生额",
            "贷方发生额",
            "余额",
            "对方账号",
            "对方户名",
            "摘要",
            "流水号",
        ],
    ]
    for x in lines:
        local = _local(x.at)
        rows.append(
            [
                x.account,
                x.holder,
                local.strftime("%Y%m%d"),
                local.strftime("%H:%M:%S"),
                "" if x.incoming else _yuan(x.amount_fen),
                _yuan(x.amount_fen) if x.incoming else "",
                _yuan(x.balance_fen) if x.balance_fen is not None else "",
                x.counterpart,
                x.counterpart_name,
                x.summary,
                x.serial,
            ]
        )
    rows.append(["合计", "", "", "", "", "", ""])
    return _xlsx([("明细", rows)])


def bank_signed_xls(lines: list[Line]) -> bytes:
    """An older bank system's .xls: one amount column and a 借/贷 flag."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("交易明细")
    headers = [
        "本方账号",
        "交易时间",
        "交易金额",
        "借贷标志",
        "交易余额",
        "交易方账号",
        "交易方户名",
        "摘要说明",
    ]
    for col, header in enumerate(headers):
        sheet.write(0, col, header)
    for r, x in enumerate(lines, start=1):
        values = [
            x.account,
            _local(x.at).strftime("%Y/%m/%d %H:%M:%S"),
            x.amount_fen / 100,
            "贷" if x.incoming else "借",
            (x.balance_fen or 0) / 100,
            x.counterpart,
            x.counterpart_name,
            x.summary,
        ]
        for col, value in enumerate(values):
            sheet.write(r, col, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CONTROL_HEADERS = [
    "交易卡号",
    "交易账号",
    "账户开户名称",
    "开户人证件号码",
    "交易时间",
    "交易金额",
    "交易余额",
    "收付标志",
    "交易对手账卡号",
    "现金标志",
    "对手户名",
    "对手身份证号",
    "对手开户银行",
    "摘要说明",
    "交易币种",
    "交易网点名称",
    "交易是否成功",
    "交易流水号",
    "商户名称",
    "查询反馈结果原因",
]


def control_return_xlsx(
    lines: list[Line], holder: tuple[str, str, str] = ("王某某", "", "")
) -> bytes:
    """The 资金查控 platform's standard return: a 人员信息 sheet (name, ID number, phone of
    the holder) and a 交易明细 sheet."""
    people = [["客户名称", "证照号码", "联系电话", "住宅地址"], [*holder, ""]]
    rows: list[list[object]] = [CONTROL_HEADERS]
    for x in lines:
        cash = "现金" if "ATM" in x.summary or "取现" in x.summary else "转账"
        rows.append(
            [
                x.account,
                x.account,
                x.holder,
                "",
                _local(x.at).strftime("%Y%m%d%H%M%S"),
                _yuan(x.amount_fen),
                _yuan(x.balance_fen or 0),
                "进" if x.incoming else "出",
                x.counterpart,
                cash,
                x.counterpart_name,
                "",
                "",
                x.summary,
                "人民币",
                "",
                "是" if x.success else "否",
                x.serial,
                "",
                "成功",
            ]
        )
    return _xlsx([("人员信息", people), ("交易明细", rows)])


def alipay_csv(lines: list[Line], account: str) -> bytes:
    """An Alipay export: preamble naming the account, GBK, totals under the table."""
    out = io.StringIO()
    out.write("支付宝交易记录明细查询\n")
    out.write(f"账号:[{account}]\n")
    out.write("起始日期:[2026-01-01 00:00:00]    终止日期:[2026-12-31 23:59:59]\n")
    out.write(
        "---------------------------------交易记录明细列表------------------------------------\n"
    )
    writer = csv.writer(out)
    writer.writerow(
        [
            "交易号",
            "商户订单号",
            "交易创建时间",
            "付款时间",
            "最近修改时间",
            "交易来源地",
            "类型",
            "交易对方",
            "对方账号",
            "商品名称",
            "金额（元）",
            "收/支",
            "交易状态",
            "服务费（元）",
            "成功退款（元）",
            "备注",
            "资金状态",
        ]
    )
    for n, x in enumerate(lines):
        stamp = _local(x.at).strftime("%Y-%m-%d %H:%M:%S")
        writer.writerow(
            [
                x.serial or f"2026{n:020d}",
                "",
                stamp,
                stamp,
                stamp,
                "其他（包括阿里巴巴和外部商家）",
                "即时到账交易",
                x.counterpart_name,
                x.counterpart,
                x.summary,
                f"{x.amount_fen / 100:.2f}",
                "收入" if x.incoming else "支出",
                "交易成功" if x.success else "交易关闭",
                "0.00",
                "0.00",
                "",
                "已收入" if x.incoming else "已支出",
            ]
        )
    out.write(
        "------------------------------------------------------------------------------------\n"
    )
    out.write(f"共{len(lines)}笔记录\n")
    return out.getvalue().encode("gb18030")


def wechat_csv(lines: list[Line]) -> bytes:
    """A WeChat Pay bill: no account column (the officer types it), ¥ amounts, UTF-8 BOM."""
    out = io.StringIO()
    out.write("微信支付账单明细,,,,,,,,,,\n")
    out.write("微信昵称：[某某],,,,,,,,,,\n")
    out.write("----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n")
    writer = csv.writer(out)
    writer.writerow(
        [
            "交易时间",
            "交易类型",
            "交易对方",
            "商品",
            "收/支",
            "金额(元)",
            "支付方式",
            "当前状态",
            "交易单号",
            "商户单号",
            "备注",
        ]
    )
    for n, x in enumerate(lines):
        writer.writerow(
            [
                _local(x.at).strftime("%Y-%m-%d %H:%M:%S"),
                "转账",
                x.counterpart_name,
                x.summary,
                "收入" if x.incoming else "支出",
                f"¥{x.amount_fen / 100:.2f}",
                "零钱",
                "已收钱" if x.incoming else "对方已收钱",
                x.serial or f"1000{n:024d}",
                "",
                "/",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def unknown_layout_csv(lines: list[Line]) -> bytes:
    """A layout nobody told us about: the officer maps its columns once."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["卡片编号", "记账时刻", "发生金额", "方向", "对端卡号", "对端名称", "说明"])
    for x in lines:
        writer.writerow(
            [
                x.account,
                _local(x.at).strftime("%Y-%m-%d %H:%M:%S"),
                _yuan(x.amount_fen),
                "收" if x.incoming else "付",
                x.counterpart,
                x.counterpart_name,
                x.summary,
            ]
        )
    return out.getvalue().encode("utf-8")
