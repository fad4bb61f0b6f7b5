/** @odoo-module **/
// Copyright 2026 Wanxiang Fresh Supply Chain
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("wx_nlp_keyword_cloud", {
    steps: () => [
        {
            content: "the cloud shows the keyword of the test feedback",
            trigger: ".o_wx_keyword_cloud .o_wx_keyword:contains(掉粒)",
            run: "click",
        },
        {
            content: "the click opens the feedback behind the word",
            trigger: ".o_list_view .o_data_row td:contains(掉粒)",
        },
    ],
});
