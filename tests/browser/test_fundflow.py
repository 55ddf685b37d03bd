"""In a real browser: an officer imports three statements in three layouts for a case, opens
the fund-flow graph, clicks an account still holding the victim's money and stops it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from fanzha.demo import statement_files as files
from fanzha.demo.statement_files import Line
from tests.browser.test_foundation import sign_in
from tests.browser.test_graphs import assert_readable
from tests.fundflow.test_statements import FIRST, PAYER, SECOND, THIRD, at, report

pytestmark = pytest.mark.browser

STATEMENTS = [
    (
        "一级卡-建设银行.xlsx",
        files.bank_debit_credit_xlsx(
            [
                Line(FIRST, at(0), 50_000_00, True, PAYER, "周建华", balance_fen=50_000_00),
                Line(FIRST, at(3), 30_000_00, False, SECOND, "赵某", balance_fen=20_000_00),
                Line(FIRST, at(9), 5_000_00, False, "", "", "ATM取现", balance_fen=15_000_00),
            ]
        ),
    ),
    (
        "二级卡-农业银行.xls",
        files.bank_signed_xls(
            [
                Line(SECOND, at(4), 30_000_00, True, FIRST, "李某", balance_fen=30_000_00),
                Line(SECOND, at(7), 20_000_00, False, THIRD, "钱某", balance_fen=10_000_00),
            ]
        ),
    ),
    (
        "三级卡-查控反馈.xlsx",
        files.control_return_xlsx(
            [
                Line(THIRD, at(8), 20_000_00, True, SECOND, "赵某", serial="C1"),
                Line(THIRD, at(30), 19_000_00, False, "", "", "ATM取现", serial="C2"),
            ]
        ),
    ),
]


@pytest.fixture
def case_id(engine, city) -> int:
    with Session(engine) as session:
        case = report(session)
        session.commit()
        return case.id


def test_import_three_layouts_trace_and_stop_the_account_still_holding_money(
    page: Page, live_server: str, case_id: int
):
    sign_in(page, live_server, "duty")
    page.goto(f"{live_server}/cases/{case_id}")
    page.click("#open-fundflow")
    for name, content in STATEMENTS:
        page.set_input_files(
            "#statement-file",
            files=[{"name": name, "mimeType": "application/octet-stream", "buffer": content}],
        )
        page.get_by_role("button", name="上传并导入").click()
        expect(page.locator("#import-state")).to_have_text("已导入")
        page.get_by_role("link", name="返回资金流向图").click()
    expect(page.locator("#statement-imports tbody tr")).to_have_count(3)

    graph = page.locator("#fundflow-graph")
    expect(graph).to_have_attribute("data-ready", "1")
    expect(graph).to_have_attribute("data-nodes", "4")  # the victim and three levels of cards
    expect(page.locator("#held-total")).to_have_text("26,000.00 元")
    assert_readable(page, "#fundflow-graph", minimum=4)  # every account labelled, clear

    # Click SECOND's node on the canvas, where ECharts drew it.
    x, y = page.evaluate(
        """(account) => {
            const chart = window.fundflowChart;
            const node = chart.getOption().series[0].data.find((n) => n.id === account);
            return chart.convertToPixel({ seriesIndex: 0 }, [node.x, node.y]);
        }""",
        SECOND,
    )
    box = graph.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    card = page.locator("#account-card")
    expect(card).to_have_attribute("data-account", SECOND)
    expect(card).to_contain_text("二级卡")
    expect(card.locator("#account-held")).to_have_text("10,000.00 元")

    card.get_by_role("button", name="对该账户紧急止付").click()
    expect(page.locator("#fundflow-flash")).to_contain_text("已对 1 个账户发起紧急止付")
    expect(page.locator(f'#stop-suggestions tr[data-account="{SECOND}"]')).to_contain_text("已止付")
    page.goto(f"{live_server}/cases/{case_id}")
    expect(page.locator(f'#stop-payments tr[data-account="{SECOND}"]')).to_contain_text(
        "待银行反馈"
    )
