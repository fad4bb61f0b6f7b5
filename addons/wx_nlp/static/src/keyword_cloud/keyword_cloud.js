/** @odoo-module **/
// Copyright 2026 Wanxiang Fresh Supply Chain
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const PERIODS = { 30: 30, 90: 90, 365: 365 };

/** Word cloud of feedback keywords; a click opens the feedback behind a word. */
export class KeywordCloud extends Component {
    static props = { ...standardActionServiceProps };
    static template = "wx_nlp.KeywordCloud";

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ days: 90, words: [] });
        onWillStart(() => this.load());
    }

    async load() {
        const since = new Date(Date.now() - PERIODS[this.state.days] * 86400000);
        const domain = [["date", ">=", since.toISOString().slice(0, 19).replace("T", " ")]];
        const words = await this.orm.call("wx.nlp.keyword", "get_word_cloud", [], {
            domain,
            limit: 60,
        });
        const max = Math.max(1, ...words.map((w) => w.count));
        this.state.words = words.map((w, index) => ({
            ...w,
            size: (0.85 + 1.9 * Math.sqrt(w.count / max)).toFixed(2),
            tone: index % 5,
        }));
    }

    async setPeriod(days) {
        this.state.days = days;
        await this.load();
    }

    open(word) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: word.term,
            res_model: "wx.feedback",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: [["nlp_keyword_ids.term", "=", word.term]],
        });
    }
}

registry.category("actions").add("wx_nlp.keyword_cloud", KeywordCloud);
