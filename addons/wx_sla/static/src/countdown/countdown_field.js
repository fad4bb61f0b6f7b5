/** @odoo-module **/
// Copyright 2026 Wanxiang Fresh Supply Chain
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { Component, onWillDestroy, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatDateTime } from "@web/core/l10n/dates";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const { DateTime } = luxon;

/** Minutes left before an SLA deadline, refreshed every 30 seconds:
 *  "in 12 min" (orange under 30 minutes), "5 min overdue" (red). */
export class SlaCountdownField extends Component {
    static template = "wx_sla.SlaCountdownField";
    static props = { ...standardFieldProps };

    setup() {
        this.clock = useState({ now: DateTime.now() });
        const timer = setInterval(() => (this.clock.now = DateTime.now()), 30000);
        onWillDestroy(() => clearInterval(timer));
    }

    get value() {
        return this.props.record.data[this.props.name];
    }

    get minutes() {
        return Math.round(this.value.diff(this.clock.now, "minutes").minutes);
    }

    get label() {
        const minutes = this.minutes;
        const span = Math.abs(minutes);
        const text =
            span >= 60 * 24
                ? _t("%(days)s d %(hours)s h", {
                      days: Math.floor(span / 1440),
                      hours: Math.floor((span % 1440) / 60),
                  })
                : span >= 60
                ? _t("%(hours)s h %(minutes)s min", {
                      hours: Math.floor(span / 60),
                      minutes: span % 60,
                  })
                : _t("%(minutes)s min", { minutes: span });
        return minutes < 0 ? _t("%(time)s overdue", { time: text }) : _t("in %(time)s", { time: text });
    }

    get className() {
        const minutes = this.minutes;
        if (minutes < 0) {
            return "text-danger fw-bold";
        }
        return minutes <= 30 ? "text-warning fw-bold" : "text-success";
    }

    get title() {
        return formatDateTime(this.value);
    }
}

export const slaCountdownField = {
    component: SlaCountdownField,
    displayName: _t("SLA Countdown"),
    supportedTypes: ["datetime"],
};

registry.category("fields").add("wx_sla_countdown", slaCountdownField);
