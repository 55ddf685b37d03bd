"""In a real browser at 1366×900: the fund-flow graph of a big case and the network of a big
gang are readable. No two labels drawn on the canvas overlap, none is cut at the panel's edge,
the gang's nodes stay off its legend, and the fund-flow panel can be full-screened."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases.schemas import CaseIn, TransferIn
from fanzha.cases.service import create_case
from fanzha.demo import statement_files as files
from fanzha.demo.statement_files import Line
from fanzha.fundflow import imports
from tests.browser.test_foundation import sign_in
from tests.fundflow.test_statements import T0
from tests.helpers import unit_of
from tests.linking.test_linking import new_case

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
HOLDERS = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"

# Every text element ECharts drew and did not hide, as a box in the canvas' pixels.
LABELS = """(selector) => {
    const chart = echarts.getInstanceByDom(document.querySelector(selector));
    const zr = chart.getZr();
    const texts = new Set();
    // Canvas text is drawn line by line (tspan); a label is the text element holding them.
    zr.storage.getDisplayList(true).forEach((el) => {
        if (el.type === "tspan" && el.style.text && el.style.opacity !== 0) {
            texts.add(el.parent && el.parent.type === "text" ? el.parent : el);
        }
    });
    const boxes = [...texts].filter((el) => !el.ignore && !el.invisible).map((el) => {
        const rect = el.getBoundingRect().clone();
        rect.applyTransform(el.getComputedTransform());
        const text = el.style.text || "";
        return { text, x: rect.x, y: rect.y, w: rect.width, h: rect.height };
    });
    return { boxes, width: zr.getWidth(), height: zr.getHeight() };
}"""


def card(n: int) -> str:
    return f"62{n:017d}"


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["w"] - 0.5
                and b["x"] < a["x"] + a["w"] - 0.5
                and a["y"] < b["y"] + b["h"] - 0.5
                and b["y"] < a["y"] + a["h"] - 0.5
            ):
                pairs.append((a["text"], b["text"]))
    return pairs


def clipped(drawn: dict) -> list[str]:
    return [
        b["text"]
        for b in drawn["boxes"]
        if b["x"] < 0
        or b["y"] < 0
        or b["x"] + b["w"] > drawn["width"]
        or b["y"] + b["h"] > drawn["height"]
    ]


def assert_readable(page: Page, selector: str, minimum: int) -> dict:
    drawn = page.evaluate(LABELS, selector)
    assert len(drawn["boxes"]) >= minimum, drawn["boxes"]
    assert overlapping(drawn["boxes"]) == []
    assert clipped(drawn) == []
    return drawn


@pytest.fixture
def big_case(engine, city) -> int:
    """A victim paying six first-level cards; each forwards to three second-level cards and
    each of those to three third-level ones: 78 accounts in three levels, the first two with
    statements, the third still to be requested."""
    with Session(engine) as session:
        transfers = [
            TransferIn(
                at=T0 + timedelta(minutes=i),
                amount_fen=(60_000 - 5_000 * i) * 100,
                payer_account="6222020200112233445",
                receiving_account=card(i),
                receiving_name=HOLDERS[i] + "某",
                receiving_bank="建设银行示例市分行",
            )
            for i in range(6)
        ]
        case = create_case(
            session,
            Principal.system(),
            CaseIn(victim_name="周建华", story="冒充客服退款", transfers=transfers),
            unit_id=unit_of(session, "duty").id,
        )
        session.flush()
        lines: list[Line] = []
        for i, t in enumerate(transfers):
            first = t.receiving_account
            lines.append(Line(first, t.at, t.amount_fen, True, t.payer_account, "周建华"))
            for j in range(3):
                second = card(100 + 10 * i + j)
                share = t.amount_fen * 3 // 10
                at = t.at + timedelta(minutes=3 + j)
                lines.append(Line(first, at, share, False, second, HOLDERS[j] + "某"))
                lines.append(Line(second, at, share, True, first, HOLDERS[i] + "某"))
                for k in range(3):
                    third = card(1000 + 100 * i + 10 * j + k)
                    later = at + timedelta(minutes=2 + k)
                    lines.append(Line(second, later, share // 4, False, third, HOLDERS[k] + "某"))
        record = imports.start_import(
            session,
            Principal.system(),
            case=case,
            filename="流水.xlsx",
            content=files.bank_debit_credit_xlsx(lines),
        )
        imports.import_or_queue(session, Principal.system(), record)
        session.commit()
        return case.id


def test_the_fund_flow_of_a_big_case_has_no_overlapping_or_clipped_labels(
    browser, live_server: str, big_case: int, tmp_path: Path
):
    page = browser.new_context(locale="zh-CN", viewport=WIDE).new_page()
    sign_in(page, live_server, "duty")
    page.goto(f"{live_server}/cases/{big_case}/fundflow")
    graph = page.locator("#fundflow-graph")
    expect(graph).to_have_attribute("data-ready", "1")
    page.screenshot(path=tmp_path / "fundflow.png", full_page=True)
    # The victim, 6 + 18 cards, 40 of the 54 third-level ones and one node for the other 14.
    assert int(graph.get_attribute("data-nodes")) == 66
    drawn = assert_readable(page, "#fundflow-graph", minimum=40)
    texts = {b["text"] for b in drawn["boxes"]}
    assert "6200…0000\n王*某" in texts  # long numbers shortened, the holder below
    # The graph fills the width beside the account panel: the last level sits at the right.
    rightmost = max(b["x"] + b["w"] for b in drawn["boxes"])
    assert rightmost > drawn["width"] * 0.85

    # The full number is in the tooltip.
    x, y = page.evaluate(
        """(account) => {
            const chart = window.fundflowChart;
            const node = chart.getOption().series[0].data.find((n) => n.id === account);
            return chart.convertToPixel({ seriesIndex: 0 }, [node.x, node.y]);
        }""",
        card(0),
    )
    box = graph.bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    expect(page.locator("#fundflow-graph")).to_contain_text("6200000000000000000 王*某")

    page.click("#fundflow-fullscreen")
    expect(page.locator("#fundflow-fullscreen")).to_have_text("退出全屏")
    page.wait_for_function(
        "() => document.fullscreenElement && "
        "window.fundflowChart.getWidth() === document.getElementById('fundflow-graph').clientWidth"
    )
    page.screenshot(path=tmp_path / "fundflow-full.png")
    assert_readable(page, "#fundflow-graph", minimum=20)
    page.context.close()


def test_the_fund_flow_on_a_phone_keeps_every_label_inside_the_panel(
    browser, live_server: str, big_case: int, tmp_path: Path
):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    sign_in(page, live_server, "duty")
    page.goto(f"{live_server}/cases/{big_case}/fundflow")
    expect(page.locator("#fundflow-graph")).to_have_attribute("data-ready", "1")
    page.locator("#fundflow-graph").screenshot(path=tmp_path / "fundflow-phone.png")
    assert_readable(page, "#fundflow-graph", minimum=20)
    context.close()


@pytest.fixture
def big_gang(engine, city) -> int:
    """Forty cases chained by shared receiving accounts and fraudster phones."""
    with Session(engine) as session:
        cases = [
            new_case(
                session,
                card(500 + n // 2),
                card(700 + (n + 1) // 2),
                phones=(f"138{(n // 3):08d}",),
            )
            for n in range(40)
        ]
        session.commit()
        return cases[0].id


def test_the_network_of_a_big_gang_keeps_nodes_off_the_legend_and_labels_apart(
    browser, live_server: str, big_gang: int, tmp_path: Path
):
    page = browser.new_context(locale="zh-CN", viewport=WIDE).new_page()
    sign_in(page, live_server, "analyst")
    page.goto(f"{live_server}/cases/{big_gang}/indicators")
    page.click("#case-gang")
    graph = page.locator("#gang-network")
    expect(graph).to_have_attribute("data-ready", "true")
    graph.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "gang.png", full_page=True)
    drawn = assert_readable(page, "#gang-network", minimum=40)
    legend_bottom = max(b["y"] + b["h"] for b in drawn["boxes"] if b["text"] == "案件")
    nodes = page.evaluate(
        """() => {
            const data = window.gangChart.getModel().getSeriesByIndex(0).getData();
            const out = [];
            for (let i = 0; i < data.count(); i++) {
                if (data.getRawDataItem(i).anchor) continue;
                const el = data.getItemGraphicEl(i);
                const rect = el.getBoundingRect().clone();
                rect.applyTransform(el.getComputedTransform());
                out.push({ x: rect.x, y: rect.y, w: rect.width, h: rect.height });
            }
            return out;
        }"""
    )
    # 40 cases, 20 + 19 accounts and 13 phones shared by two or more of them.
    assert len(nodes) == int(graph.get_attribute("data-nodes")) == 92
    for node in nodes:
        assert node["y"] > legend_bottom
        assert node["x"] >= 0 and node["x"] + node["w"] <= drawn["width"]
        assert node["y"] + node["h"] <= drawn["height"]
    page.context.close()
