/** @odoo-module **/
// Copyright 2026 Wanxiang Fresh Supply Chain
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { View } from "@web/views/view";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const LINE_MODEL = "wx.insight.dashboard.line";

/**
 * One measure of the dashboard as Odoo's own graph view, inside the form:
 * ``<widget name="wx_insight_chart" measure="complaint"/>``. The figures
 * are the dashboard's (computed for its filters), so every chart follows
 * the global filters; it is drawn again each time they are applied.
 */
export class WxInsightChart extends Component {
    static template = "wx_insight.InsightChart";
    static components = { View };
    static props = {
        ...standardWidgetProps,
        measure: { type: String },
    };

    get viewKey() {
        const { resId, data } = this.props.record;
        return `${resId}-${data.computed_at}`;
    }

    get viewProps() {
        const { record, measure } = this.props;
        const viewIds = record.data.chart_views || {};
        return {
            type: "graph",
            jsClass: "wx_insight_graph",
            resModel: LINE_MODEL,
            domain: [
                ["dashboard_id", "=", record.resId],
                ["measure", "=", measure],
            ],
            views: [
                [viewIds[measure] || false, "graph"],
                [false, "search"],
            ],
            display: { controlPanel: false },
            context: { create: false },
        };
    }
}

export const wxInsightChart = {
    component: WxInsightChart,
    extractProps: ({ attrs }) => ({ measure: attrs.measure }),
    fieldDependencies: [
        { name: "computed_at", type: "datetime" },
        { name: "chart_views", type: "json" },
    ],
};

registry.category("view_widgets").add("wx_insight_chart", wxInsightChart);
