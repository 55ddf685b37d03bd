"""Tips (线索举报) in the demo city, through the real services over the past year: from the
public site, 110, letters and visits; 实名 and 匿名; some replied to, some answered back by
the reporter, some sent to a station as leads, most closed with an outcome, and a few naming
the same phone (the inbox shows them as possible duplicates).

One anonymous tip has a receipt code known to the demo (KNOWN_CODE_SEED derives it), so a
trainer can walk through the reporter's page; it is printed nowhere. Without a tip key (a real
database with no FANZHA_TIP_CODE_KEY) no tip is made; without a vault key every tip is 匿名."""

from __future__ import annotations

import random
from datetime import timedelta

from faker import Faker
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.auth.models import User
from fanzha.auth.service import user_principal
from fanzha.demo.warnings import MOBILE_PREFIXES
from fanzha.errors import DomainError
from fanzha.org.models import Unit, UnitKind
from fanzha.public import tips
from fanzha.public.tip_models import TipChannel
from fanzha.rewards import tips_inbox
from fanzha.vault import keys

TIPS_PER_YEAR = 160
KNOWN_CODE_SEED = 20_201
# (category, what the reporter writes); {phone} and {account} are filled in.
STORIES = (
    ("den", "小区 {n} 栋出租屋里住了七八个年轻人，白天拉着窗帘，夜里一直打电话，说话带外地口音。"),
    ("cards", "有人在学校门口收购银行卡和电话卡，一套给 {yuan} 元，联系电话 {phone}。"),
    ("cards", "微信群里有人高价收卡，让我把名下的卡寄过去，对方留的电话 {phone}。"),
    ("withdrawal", "银行 ATM 旁有两个人拿着一沓银行卡轮流取现，取了快一个小时。"),
    ("withdrawal", "看见有人在自助银行用多张卡连续取款，卡号 {account} 的那张取了好几次。"),
    ("card_opening", "营业厅有人带着几个老人集中办手机卡，办完卡就收走了。"),
    ("card_opening", "有中介带农村老人到银行开户，开完把卡和 U 盾都拿走了，电话 {phone}。"),
    ("site", "收到短信说我的医保卡异常，让点链接 http://yb-{n}.example.com 填写银行卡信息。"),
    (
        "site",
        "有人推荐一个投资 APP，说稳赚不赔，客服电话 {phone}，网址 www.licai-{n}.example.net。",
    ),
    ("other", "接到自称公安局的电话，说我涉嫌洗钱，要我下载会议软件，来电号码 {phone}。"),
)
REPLIES = (
    "您好，您的线索已收到，已转交辖区派出所核查，感谢您的支持。",
    "您好，请问您看到的人大概什么时间出现？有没有车牌号？",
    "经核查，您举报的情况属实，已依法处理，感谢您的举报。",
    "您好，该号码我中心已掌握，正在处理中，感谢您的关注。",
)
ANSWERS = ("一般是晚上八点以后，车是一辆白色面包车。", "我补充一下，他们周末也在。")
OUTCOMES = ("confirmed", "partly", "unfounded", "known", "confirmed", "partly")
CHANNELS = (TipChannel.web,) * 5 + (TipChannel.call110,) * 2 + (TipChannel.letter, TipChannel.visit)


def known_code() -> str:
    """The demo's one known receipt code (for training walk-throughs; printed nowhere)."""
    rng = random.Random(KNOWN_CODE_SEED)
    return "".join(rng.choice("0123456789") for _ in range(tips.CODE_DIGITS))


def _vault_ready() -> bool:
    try:
        keys.configured_keys()
    except DomainError:
        return False
    return True


def build(session: Session, *, seed: int, count: int = TIPS_PER_YEAR) -> dict[str, int]:
    """A year of `count` tips (each code's scrypt costs ~0.1 s: the small test city takes
    fewer); returns {"tips": made, "tip_leads": sent as leads}."""
    if not tips.key_ready():
        return {"tips": 0, "tip_leads": 0}
    rng = random.Random(seed + 20)
    fake = Faker("zh_CN")
    fake.seed_instance(seed + 20)
    staff = user_principal(session.scalars(select(User).where(User.username == "duty")).one())
    stations = list(
        session.scalars(select(Unit.id).where(Unit.kind == UnitKind.station).order_by(Unit.id))
    )
    named_ok = _vault_ready()
    shared_phone = f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"
    now = clock.now()
    made = leads = 0
    for i in range(count):
        category, story = STORIES[i % len(STORIES)]
        phone = (
            shared_phone
            if i % 23 == 0
            else f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"
        )
        text = story.format(
            n=rng.randint(1, 40),
            yuan=rng.choice((300, 500, 800, 1000)),
            phone=phone,
            account=f"6217{rng.randint(0, 10**15 - 1):015d}",
        )
        channel = CHANNELS[i % len(CHANNELS)]
        reporter = None
        if named_ok and rng.random() < 0.35:
            reporter = tips.Reporter(fake.name(), fake.phone_number(), fake.ssn())
        at = now - timedelta(days=rng.randint(1, 360), hours=rng.randint(0, 12))
        with clock.pinned(at):
            tip, _code = tips.submit(
                session,
                category=category,
                description=text,
                reporter=reporter,
                channel=channel,
                actor=None if channel is TipChannel.web else staff,
            )
        made += 1
        age = (now - at).days
        if rng.random() < 0.6:
            with clock.pinned(at + timedelta(days=1)):
                tips_inbox.reply(session, staff, tip, REPLIES[rng.randrange(2)])
            if rng.random() < 0.3:
                with clock.pinned(at + timedelta(days=2)):
                    tips.add_from_reporter(session, tip, ANSWERS[rng.randrange(len(ANSWERS))])
        if stations and rng.random() < 0.4:
            with clock.pinned(at + timedelta(days=2)):
                tips_inbox.assign(
                    session,
                    staff,
                    tip,
                    unit_id=stations[rng.randrange(len(stations))],
                    due_at=at + timedelta(days=2 + rng.choice((7, 15))),
                )
            leads += 1
        if age > 30 and rng.random() < 0.8:
            with clock.pinned(at + timedelta(days=rng.randint(10, 25))):
                tips_inbox.close(session, staff, tip, OUTCOMES[rng.randrange(len(OUTCOMES))])
                tips_inbox.reply(session, staff, tip, REPLIES[2])
    with clock.pinned(now - timedelta(days=3)):
        known, _code = tips.submit(
            session,
            category="cards",
            description=f"菜市场门口有人收购银行卡，联系电话 {shared_phone}。",
            reporter=None,
            code=known_code(),
        )
    with clock.pinned(now - timedelta(days=2)):
        tips_inbox.reply(session, staff, known, REPLIES[1])
    session.flush()
    return {"tips": made + 1, "tip_leads": leads}
