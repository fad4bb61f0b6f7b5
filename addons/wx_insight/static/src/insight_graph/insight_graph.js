/** @odoo-module **/
// Copyright 2026 Wanxiang Fresh Supply Chain
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { graphView } from "@web/views/graph/graph_view";

// in the lazy bundle, with Odoo's graph view (loaded with the first chart)
const LINE_MODEL = "wx.insight.dashboard.line";

/**
 * Odoo's graph view of the Feedback Overview's figures, where a click on a
 * bar opens the records behind that figure (the line's own drill-down,
 * under the dashboard's filters and the user's rules) instead of the
 * figures themselves. A bar standing for several figures (a group of
 * stacked values) still opens the figures, each with its drill-down.
 */
export class WxInsightGraphRenderer extends GraphRenderer {
    setup() {
        super.setup();
        this.orm = useService("orm");
    }

    async onGraphClickedFinal(domain, isMiddleClick = false) {
        const ids = await this.orm.search(LINE_MODEL, domain, { limit: 2 });
        if (ids.length !== 1) {
            return super.onGraphClickedFinal(domain, isMiddleClick);
        }
        const action = await this.orm.call(LINE_MODEL, "action_open_records", [ids]);
        return this.actionService.doAction(action, { newWindow: isMiddleClick });
    }
}

export const wxInsightGraphView = {
    ...graphView,
    Renderer: WxInsightGraphRenderer,
};

registry.category("views").add("wx_insight_graph", wxInsightGraphView);
