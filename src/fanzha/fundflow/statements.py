"""Reading the statements banks and payment platforms return: plain data, no database.

A statement arrives as a header row and data rows in one of many layouts. Each header is
matched against synonyms to a field (交易卡号 / 本方账号 / 账号 → `account` ...); the set of
fields found names the layout, and one row parser turns any layout's row into a
`ParsedRow` (amount in fen, time in UTC, direction, what kind of movement) or says, in
Chinese, why it cannot.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from fanzha import counterparty
from fanzha.fundflow.cells import (  # also re-exported: the values of a row
    InvalidTime,
    clean,
    is_placeholder,
    parse_amount,
    parse_time,
)
from fanzha.fundflow.tracing import Direction, MovementKind
from fanzha.i18n import fundflow as i18n
from fanzha.money import InvalidAmount

# Statement times are Beijing time, written without a zone: clock.SHANGHAI (fundflow.cells).

# field → the headers that mean it, after `header_key` (no spaces, half-width brackets).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "account": (
        "交易卡号",
        "交易账号",
        "本方账号",
        "本方卡号",
        "查询账号",
        "查询卡号",
        "账号",
        "卡号",
        "账户",
        "客户账号",
        "支付宝账号",
        "支付宝账户",
        "财付通账号",
        "微信支付账号",
    ),
    "account_name": ("账户开户名称", "本方户名", "户名", "账户名称", "客户名称", "开户名称"),
    "at": (
        "交易时间",
        "交易日期时间",
        "交易创建时间",
        "付款时间",
        "记账时间",
        "发生时间",
        "交易发生时间",
        "入账时间",
    ),
    "date": ("交易日期", "记账日期", "入账日期", "发生日期"),
    "amount": ("交易金额", "金额(元)", "金额", "发生额", "交易金额(元)"),
    "debit": ("借方发生额", "借方金额", "支出金额", "付款金额", "借方发生额(元)", "支出"),
    "credit": ("贷方发生额", "贷方金额", "存入金额", "收入金额", "贷方发生额(元)", "收入"),
    "direction": ("收付标志", "借贷标志", "收/支", "收支", "资金流向", "进出标志", "收支类型"),
    "balance": ("交易余额", "余额", "账户余额", "本次余额", "交易后余额"),
    "counterpart_account": (
        "交易对手账卡号",
        "交易对手账号",
        "交易对手卡号",
        "对手账号",
        "对手卡号",
        "对方账号",
        "对方卡号",
        "交易方账号",
        "对手账卡号",
        "收款方账号",
        "对方账户",
    ),
    "counterpart_name": (
        "对手户名",
        "交易对手户名",
        "交易对方",
        "对方户名",
        "交易方户名",
        "对方名称",
        "对手名称",
    ),
    "counterpart_bank": ("对手开户银行", "对方开户行", "对方银行", "对手开户行", "对方开户银行"),
    "summary": (
        "摘要说明",
        "摘要",
        "交易摘要",
        "用途",
        "附言",
        "商品说明",
        "商品名称",
        "商品",
        "备注",
    ),
    "kind_text": ("交易类型", "业务类型", "交易分类", "类型"),
    "cash_flag": ("现金标志", "现转标志"),
    "success": ("交易是否成功", "交易状态", "当前状态", "交易结果"),
    "feedback": ("查询反馈结果原因",),
    "serial": ("交易流水号", "交易订单号", "交易号", "交易单号", "流水号", "交易序号", "传票号"),
    "merchant": ("商户名称", "商户名"),
    "channel": ("支付方式", "收/付款方式", "交易渠道", "渠道"),
}
FIELD_LABELS = i18n.FIELD_LABELS

# What an Alipay/WeChat export writes above its table to name the account ("账号：[…]").
PREAMBLE_ACCOUNT = re.compile(r"(?:账号|账户|卡号)\s*[:：]\s*\[?([\w@.\-]+)\]?")
# The 人员信息 sheet of a 资金查控 return (its name holds this word): who holds the account.
HOLDER_SHEET = "人员"
HOLDER_HEADERS = {
    "name": ("客户名称", "户名", "账户名称", "姓名"),
    "id_number": ("证照号码", "证件号码", "身份证号"),
    "phone": ("联系电话", "手机号码", "电话"),
}
# How the lines under a table (totals, export notes) begin: they are not movements.
FOOTER_PREFIXES = ("合计", "总计", "共", "-", "导出", "#", "说明")


@dataclass(frozen=True)
class Layout:
    """A statement layout and the evidence for it. A layout with `evidence` (headers that
    only its exports write, each group of alternatives with a weight) scores the share of
    that weight found in a header row; a generic bank layout is one when all its `fields`
    (by any synonym) are there, scored by the share of `BANK_FIELDS` found."""

    name: str
    label: str
    evidence: tuple[tuple[tuple[str, ...], int], ...] = ()
    fields: tuple[str, ...] = ()
    platform: bool = False  # Alipay / WeChat: the account is not a column of the table


# The least share of a layout's evidence that recognises it.
THRESHOLD = 0.45
# What a bank statement usually carries besides its amount columns: the generic layouts'
# score (shown as the reason), not a requirement.
BANK_FIELDS = ("account", "at", "balance", "counterpart_account", "counterpart_name", "summary")

LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "control_return",
        "资金查控标准反馈格式",
        evidence=(
            (("查询反馈结果原因",), 4),
            (("交易卡号",), 3),
            (("交易对手账卡号",), 3),
            (("收付标志",), 1),
            (("交易是否成功",), 1),
            (("现金标志",), 1),
            (("对手开户银行",), 1),
        ),
    ),
    # Alipay's exports before 2023 (交易号/商户订单号/资金状态) and since (交易订单号/商家订单号/
    # 收/付款方式) share a layout: the alternatives are the same column.
    Layout(
        "alipay",
        "支付宝交易明细",
        evidence=(
            (("交易订单号", "交易号"), 3),
            (("商家订单号", "商户订单号"), 3),
            (("收/支",), 2),
            (("收/付款方式", "资金状态"), 2),
            (("交易对方",), 1),
            (("对方账号",), 1),
            (("交易分类", "类型"), 1),
            (("商品说明", "商品名称"), 1),
            (("交易状态",), 1),
            (("交易创建时间", "交易时间"), 1),
        ),
        platform=True,
    ),
    Layout(
        "wechat",
        "微信支付账单",
        evidence=(
            (("交易单号",), 3),
            (("商户单号",), 3),
            (("当前状态",), 2),
            (("收/支",), 2),
            (("交易对方",), 1),
            (("支付方式",), 1),
            (("交易类型",), 1),
            (("商品",), 1),
            (("金额(元)",), 1),
            (("交易时间",), 1),
        ),
        platform=True,
    ),
    Layout("bank_debit_credit", "银行流水（借贷分列）", fields=("debit", "credit")),
    Layout("bank_signed", "银行流水（金额+收付标志）", fields=("amount", "direction")),
    Layout("bank_signed", "银行流水（带符号金额）", fields=("amount",)),
)
LAYOUT_LABELS = {layout.name: layout.label for layout in LAYOUTS} | {"custom": "自定义映射"}


def header_key(text: object) -> str:
    """Headers as written vary in spaces, full-width brackets and a trailing 元."""
    key = unicodedata.normalize("NFKC", str(text or "")).strip()
    return re.sub(r"\s+", "", key).replace("（", "(").replace("）", ")")


_FIELD_OF = {header_key(h): f for f, headers in SYNONYMS.items() for h in headers}
_RANK = {header_key(h): r for headers in SYNONYMS.values() for r, h in enumerate(headers)}


def map_headers(headers: list[object]) -> dict[str, int]:
    """field → column index, by synonyms. When several columns mean one field the one whose
    header comes first among the field's synonyms wins (交易流水号 over a blank 传票号),
    then the leftmost."""
    best: dict[str, tuple[int, int]] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        name = _FIELD_OF.get(key)
        if name is None:
            continue
        rank = _RANK[key]
        if name not in best or rank < best[name][0]:
            best[name] = (rank, index)
    return {name: index for name, (_rank, index) in best.items()}


def signature(headers: list[object]) -> str:
    """The same export layout gives the same signature: how a remembered mapping is found."""
    keys = "|".join(header_key(h) for h in headers if header_key(h))
    return hashlib.sha1(keys.encode()).hexdigest()


@dataclass(frozen=True)
class Detected:
    layout: str
    label: str
    mapping: dict[str, int]
    missing: tuple[str, ...] = ()  # fields a usable statement needs that were not found
    score: float = 0.0  # the share of the layout's evidence found, 0–1
    matched: tuple[str, ...] = ()  # the headers, as written, that were the evidence
    platform: bool = False

    @property
    def usable(self) -> bool:
        return not self.missing

    @property
    def only_account_missing(self) -> bool:
        """Recognised, and all it lacks is whose account it is (WeChat bills never say)."""
        return self.missing == ("account",)


def required_missing(mapping: dict[str, int], *, has_default_account: bool) -> tuple[str, ...]:
    missing = []
    if "account" not in mapping and not has_default_account:
        missing.append("account")
    if "at" not in mapping and "date" not in mapping:
        missing.append("at")
    if "amount" not in mapping and not {"debit", "credit"} <= mapping.keys():
        missing.append("amount")
    return tuple(missing)


def score(layout: Layout, headers: list[object]) -> tuple[float, tuple[str, ...]]:
    """How much of `layout`'s evidence a header row holds (0–1) and which headers it was."""
    written = {header_key(h): str(h).strip() for h in headers if header_key(h)}
    if layout.evidence:
        total = sum(weight for _group, weight in layout.evidence)
        found, matched = 0, []
        for group, weight in layout.evidence:
            hit = next((written[h] for h in group if h in written), None)
            if hit is not None:
                found += weight
                matched.append(hit)
        return found / total, tuple(matched)
    mapping = map_headers(headers)
    if not set(layout.fields) <= mapping.keys():
        return 0.0, ()
    fields = (*layout.fields, *BANK_FIELDS)
    present = [f for f in fields if f in mapping or (f == "at" and "date" in mapping)]
    matched = tuple(str(headers[mapping[f]]).strip() for f in present if f in mapping)
    return len(present) / len(fields), matched


def detect(headers: list[object], *, has_default_account: bool = False) -> Detected | None:
    """Which known layout a header row is, by evidence: the layout with the best score of
    those whose headers reach THRESHOLD wins; when none does, the first generic bank layout
    whose amount columns are there. None when it is no statement header we know."""
    scored = [(layout, *score(layout, headers)) for layout in LAYOUTS if layout.evidence]
    specific = [s for s in scored if s[1] >= THRESHOLD]
    if specific:
        # max keeps the first of equal scores: LAYOUTS lists the most specific first
        chosen = max(specific, key=lambda s: s[1])
    else:
        generic = ((lay, *score(lay, headers)) for lay in LAYOUTS if not lay.evidence)
        chosen = next((s for s in generic if s[1] > 0), None)
        if chosen is None:
            return None
    layout, points, matched = chosen
    mapping = map_headers(headers)
    missing = required_missing(mapping, has_default_account=has_default_account)
    return Detected(
        layout.name, layout.label, mapping, missing, round(points, 2), matched, layout.platform
    )


def looks_like_header(cells: list[object]) -> bool:
    """A header row names at least a time and an amount (preamble lines do not)."""
    fields = map_headers(cells).keys()
    return bool(fields & {"at", "date"}) and bool(fields & {"amount", "debit", "credit"})


# --- values ---------------------------------------------------------------------------------

MAX_AMOUNT_FEN = 10**15  # 一百亿元: anything larger is a misread column, not a transfer


def account_key(raw: object) -> str:
    """Bank accounts digits only; platform accounts (e-mail, phone) lower-case; "" for what
    names no account (`/`, masked values, bank names, card tails: fanzha.counterparty)."""
    return counterparty.account_of(raw)


_IN_WORDS = {"进", "收", "贷", "收入", "入", "存入", "入账", "c", "cr", "贷方", "来账"}
_OUT_WORDS = {"出", "付", "借", "支出", "支", "出账", "d", "dr", "借方", "往账"}
_FAILED = ("失败", "关闭", "撤销", "未成功", "否", "冻结中", "待支付")
_OK_FEEDBACK = {"", "成功", "查询成功", "正常", "已反馈", "有数据"}
_REVERSAL = ("冲正", "退回", "退汇", "撤销", "退款", "冲账", "已退还")
_FEE = ("手续费", "服务费", "年费", "短信费", "管理费", "工本费")
_CASH = ("atm", "取现", "取款", "现金", "存现", "柜面取", "无卡取")
_MERCHANT = ("消费", "pos", "快捷支付", "商户", "网购", "购物", "扫码付", "还款")
# 不计收支 rows: money that leaves the account (to the holder's card, to 余额宝) is an outflow;
# moves within the account (earnings, a freeze and its release) are no money movement.
_NEUTRAL_FLAGS = ("/", "不计收支", "其他")
_LEAVES = ("提现", "转出到", "转到", "转至", "转账到")
_STAYS = ("收益", "冻结", "解冻")


def direction_of(raw: object) -> Direction | None:
    """进/出, 收/付, 贷/借, 收入/支出 …; None for '/' (不计收支) and blanks."""
    word = str(raw or "").strip().lower()
    if word in _IN_WORDS:
        return Direction.inflow
    if word in _OUT_WORDS:
        return Direction.outflow
    return None


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words))


# One search per list instead of one `in` per word: kind_of runs on every row.
_REVERSAL_RE, _FEE_RE, _CASH_RE, _MERCHANT_RE = map(_any_of, (_REVERSAL, _FEE, _CASH, _MERCHANT))


def kind_of(*, summary: str, kind_text: str, cash_flag: str, merchant: str) -> MovementKind:
    words = f"{summary} {kind_text}".lower()
    if _REVERSAL_RE.search(words):
        return MovementKind.reversal
    if _FEE_RE.search(words):
        return MovementKind.fee
    if cash_flag.strip() in ("现金", "现", "1", "是", "Y", "y") or _CASH_RE.search(words):
        return MovementKind.cash
    if merchant.strip() or _MERCHANT_RE.search(words):
        return MovementKind.merchant
    return MovementKind.transfer


@dataclass(frozen=True, slots=True)
class ParsedRow:
    account: str
    account_name: str
    at: datetime
    amount_fen: int
    direction: Direction
    counterpart: str
    counterpart_name: str
    counterpart_bank: str
    kind: MovementKind
    balance_fen: int | None
    summary: str
    serial: str
    own_card_tail: str = ""  # a withdrawal to the holder's own card ending in these digits


class Skip(Exception):
    """A row that is no money movement (a failed transaction, a 不计收支 line, a total)."""


class RowProblem(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass
class RowParser:
    """Parses rows of one statement with a field → column mapping."""

    mapping: dict[str, int]
    default_account: str = ""
    headers: list[str] = field(default_factory=list)
    platform: bool = False  # Alipay / WeChat: a blank 收/支 is an internal move, not money
    date1904: bool = False  # the workbook counts serial dates from 1904 (Excel for Mac)

    def value(self, cells: list[object], name: str) -> object:
        """The cell of field `name` in a row, None when the layout has no such column or the
        cell holds a placeholder (`-`, `--`, `—`, `/`, `无`, blank)."""
        return clean(self._get(cells, name))

    def text(self, cells: list[object], name: str, limit: int = 100) -> str:
        """The cell of field `name` as clean text ("" for a placeholder)."""
        return self._text(cells, name, limit)

    def _get(self, cells: list[object], name: str) -> object:
        index = self.mapping.get(name)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def _text(self, cells: list[object], name: str, limit: int = 100) -> str:
        index = self.mapping.get(name)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        if value is None:
            return ""
        # ASCII is its own NFKC form: most cells of a large statement are decided without it
        text = value if type(value) is str else str(value)
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        text = text.strip()
        if len(text) <= 4 and is_placeholder(text):
            return ""
        return text[:limit]

    def column(self, name: str) -> str:
        index = self.mapping.get(name)
        if index is not None and index < len(self.headers):
            return self.headers[index]
        return FIELD_LABELS.get(name, name)

    def parse(self, cells: list[object]) -> ParsedRow:
        success = self._text(cells, "success")
        if success and any(word in success for word in _FAILED):
            raise Skip
        if self._text(cells, "feedback") not in _OK_FEEDBACK:
            raise Skip
        account = account_key(self.value(cells, "account")) or self.default_account
        if not account:
            raise RowProblem(self.column("account"), i18n.ROW_PROBLEMS["account_missing"])
        moment, day = self.value(cells, "at"), self.value(cells, "date")
        if moment is None:
            moment, day = day, None
        try:
            at = parse_time(moment, day, date1904=self.date1904)
        except InvalidTime as exc:
            raise RowProblem(self.column("at"), str(exc)) from exc
        amount, direction = self._amount(cells)
        summary = self._text(cells, "summary", 200)
        merchant = self._text(cells, "merchant")
        kind_text = self._text(cells, "kind_text")
        kind = kind_of(
            summary=summary,
            kind_text=kind_text,
            cash_flag=self._text(cells, "cash_flag"),
            merchant=merchant,
        )
        balance_fen = self._fen(cells, "balance")
        counterpart_name = self._text(cells, "counterpart_name") or merchant
        counterpart = account_key(self._get(cells, "counterpart_account"))
        if direction is None:  # 不计收支: followed only when the money leaves the account
            # Every text cell: layouts name the move in 交易类型, 商品说明 or 备注.
            words = " ".join(str(c) for c in cells if isinstance(c, str))
            if any(w in words for w in _STAYS) or not any(w in words for w in _LEAVES):
                raise Skip
            direction, kind = Direction.outflow, MovementKind.transfer
            own_card_tail = "" if counterpart else self._own_card_tail(cells)
            if own_card_tail:  # in the summary: shown as written, where names are masked
                destination = i18n.DESTINATIONS["own_card"].format(tail=own_card_tail)
                summary = (
                    i18n.DESTINATIONS["with_summary"]
                    .format(summary=summary, destination=destination)
                    .strip()[:200]
                )
        else:
            own_card_tail = ""
        return ParsedRow(
            account=account,
            account_name=self._text(cells, "account_name"),
            at=at,
            amount_fen=amount,
            direction=direction,
            counterpart=counterpart,
            counterpart_name=counterpart_name[:100],
            counterpart_bank=self._text(cells, "counterpart_bank"),
            kind=kind,
            balance_fen=balance_fen,
            summary=summary,
            serial=self._text(cells, "serial", 64),
            own_card_tail=own_card_tail,
        )

    def _own_card_tail(self, cells: list[object]) -> str:
        """The tail of the holder's own card a withdrawal went to when no account is named
        (its statement is the next to request); "" when the row names no card tail."""
        for name in ("counterpart_account", "channel", "counterpart_name"):
            verdict = counterparty.classify(self._get(cells, name))
            if verdict.reason is counterparty.Reason.card_tail:
                return verdict.tail[:6]
        return ""

    def _amount(self, cells: list[object]) -> tuple[int, Direction | None]:
        if "amount" in self.mapping:
            signed = self._fen(cells, "amount")
            if signed is None:
                raise RowProblem(
                    self.column("amount"), i18n.ROW_PROBLEMS["amount_unreadable"].format(raw="")
                )
            flag = str(self._get(cells, "direction") or "").strip()
            if flag in _NEUTRAL_FLAGS or (self.platform and not flag):
                direction = None
            elif flag:
                direction = direction_of(flag)
                if direction is None:
                    raise RowProblem(
                        self.column("direction"),
                        i18n.ROW_PROBLEMS["direction_unreadable"].format(flag=flag),
                    )
            elif "direction" in self.mapping and signed >= 0:
                raise RowProblem(self.column("direction"), i18n.ROW_PROBLEMS["direction_missing"])
            else:
                direction = Direction.outflow if signed < 0 else Direction.inflow
            amount = abs(signed)
        else:
            out_fen = abs(self._fen(cells, "debit") or 0)
            in_fen = abs(self._fen(cells, "credit") or 0)
            if out_fen and in_fen:
                raise RowProblem(self.column("debit"), i18n.ROW_PROBLEMS["debit_and_credit"])
            direction = Direction.outflow if out_fen else Direction.inflow
            amount = out_fen or in_fen
        if amount == 0:
            raise Skip
        return amount, direction

    def _fen(self, cells: list[object], name: str) -> int | None:
        """A money column in signed fen; None when blank or a placeholder. A bad or absurd
        value names its column."""
        value = self.value(cells, name)
        if value is None:
            return None
        try:
            fen = parse_amount(value)
        except InvalidAmount as exc:
            raise RowProblem(self.column(name), str(exc)) from exc
        if abs(fen) > MAX_AMOUNT_FEN:
            raise RowProblem(self.column(name), i18n.ROW_PROBLEMS["amount_absurd"])
        return fen


def movement_key(row: ParsedRow) -> bytes:
    """The same movement in two files (the statement imported twice, overlapping periods)
    has the same key: its 交易流水号 (with the account, direction and amount: a WeChat refund
    carries its payment's 交易单号) where the statement gives one, else its content."""
    if row.serial:
        key = f"serial|{row.account}|{row.serial}|{row.direction}|{row.amount_fen}"
    else:
        key = (
            f"{row.account}|{row.at.isoformat()}|{row.direction}|{row.amount_fen}|{row.counterpart}"
        )
    return hashlib.blake2b(key.encode(), digest_size=16).digest()


def fingerprint(key: bytes, occurrence: int) -> bytes:
    """Two genuinely identical rows in one file stay two: the second, third ... carry their
    occurrence number, which a re-import reproduces."""
    if occurrence == 0:
        return key
    return hashlib.blake2b(key + occurrence.to_bytes(4, "big"), digest_size=16).digest()
