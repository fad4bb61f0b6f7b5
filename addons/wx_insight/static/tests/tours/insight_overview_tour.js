/** @odoo-module **/
// Copyright 2026 Wanxiang Fresh Supply Chain
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

function expectRows(count) {
    return {
        content: `the drill-down lists ${count} record(s)`,
        trigger: ".o_list_view .o_data_row",
        run() {
            const rows = document.querySelectorAll(".o_list_view .o_data_row");
            if (rows.length !== count) {
                throw new Error(`expected ${count} rows, found ${rows.length}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("wx_insight_manager_overview", {
    steps: () => [
        {
            content: "the overview opens with every feedback of the last 30 days",
            trigger: ".o_wx_kpi_volume .o_field_widget[name=kpi_volume]:contains(3)",
        },
        {
            content: "open the feedback volume tab",
            trigger: ".o_notebook .nav-link[name=channel]",
            run: "click",
        },
        {
            content: "its chart is drawn inside the overview",
            trigger: ".o_notebook .tab-pane.active .o_wx_insight_chart .o_graph_renderer canvas",
        },
        {
            content: "filter on the VIP tier",
            trigger: ".o_field_widget[name=tier_id] input",
            run: "edit VIP",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(VIP)",
            run: "click",
        },
        {
            content: "apply the filters",
            trigger: "button[name=action_refresh]",
            run: "click",
        },
        {
            content: "the volume tile shows the VIP customer's feedback only",
            trigger: ".o_wx_kpi_volume .o_field_widget[name=kpi_volume]:contains(1)",
        },
        {
            content: "the chart is drawn again for the filters",
            trigger: ".o_notebook .tab-pane.active .o_wx_insight_chart .o_graph_renderer canvas",
        },
        {
            content: "drill down from the tile",
            trigger: ".o_wx_kpi_volume button[name=action_open_kpi]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(永辉超市)",
        },
        expectRows(1),
    ],
});

registry.category("web_tour.tours").add("wx_insight_leader_overview", {
    steps: () => [
        {
            content: "a team leader's overview counts the feedback of the team only",
            trigger: ".o_wx_kpi_volume .o_field_widget[name=kpi_volume]:contains(1)",
        },
        {
            content: "open the feedback volume tab",
            trigger: ".o_notebook .nav-link[name=channel]",
            run: "click",
        },
        {
            content: "drill down from the chart: a click on the (single) bar",
            trigger: ".o_notebook .tab-pane.active .o_wx_insight_chart .o_graph_renderer canvas",
            async run(helpers) {
                // the bar is drawn once Chart.js has laid the chart out
                this.anchor.scrollIntoView({ block: "center" });
                await new Promise((resolve) => setTimeout(resolve, 1000));
                await helpers.click();
            },
        },
        {
            content: "the bar opens the feedback behind it, not the figures",
            trigger: ".o_list_view .o_data_row:contains(永辉超市)",
        },
        expectRows(1),
    ],
});
