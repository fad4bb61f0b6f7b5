# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reviewed public methods of the wx addons (see ``wx_feedback/access.py``).

Any logged-in user can call these through ``/web/dataset/call_kw`` and
``/json/2`` with any ids and arguments. Each entry says what the method
checks before it reads or writes anything. ``test_public_methods`` fails on a
public method missing here (make it private, or review it and add it) and on
an entry whose method is gone or private.

``check_rights(G, op)`` is ``wx_feedback.access.check_rights``: the user is
in group G (superuser passes) and may ``op`` (default read) the records,
access rights and record rules (multi-company included).
"""

# the ORM methods: overrides must not do work before the access check
ORM_METHODS = ("create", "write", "unlink")

PUBLIC_METHODS = {
    "wx_feedback": {
        "wx.feedback": {
            "create": "ORM override: check_access('create') first",
            "write": "ORM override: check_access('write') first",
            "submit_feedback": "JSON-2 API: group Customer Feedback / User first;"
            " the order must be confirmed and of one of the user's companies",
            "action_open_ticket": "check_rights(feedback user) on self, then read"
            " access on the ticket",
            "action_start": "check_rights(feedback user, write) on self",
            "action_resolve": "check_rights(feedback user, write) on self",
            "action_close": "check_rights(feedback user, write) on self",
            "action_reopen": "check_rights(feedback user, write) on self",
            "action_wx_reveal_contact": "check_rights(feedback user) on self, then"
            " the See Contact Details group (a refusal is recorded too); every"
            " reveal is a security event",
        },
        "sale.order": {
            "action_wx_feedback_link": "check_rights(feedback user) on the order"
            " (sales and multi-company rules); the wizard signs a link only for"
            " a readable order and a contact of its customer",
            "action_view_wx_feedback": "check_rights(feedback user) on the order",
            "action_wx_revoke_feedback_links": "check_rights(feedback user, write)"
            " on the order",
        },
        "helpdesk.ticket": {
            "write": "ORM override: super() first (the ORM checks write access),"
            " then syncs the feedback state",
        },
        "mail.notification": {
            "create": "ORM override: check_access('create') first, then masks"
            " sms_number under the suite's context key",
        },
        "wx.data.request": {
            "create": "ORM override: check_access('create') first (feedback"
            " managers only), then numbers and audits the request",
            "action_execute": "check_rights(feedback manager, write) on self;"
            " the request must still be open",
            "action_refuse": "check_rights(feedback manager, write) on self;"
            " open requests with written reasons only",
            "action_download": "check_rights(feedback manager) on self; audited",
        },
        "res.partner": {
            "action_wx_export_personal_data": "check_rights(feedback manager) on"
            " the partner, then a request created with the manager's rights",
            "action_wx_data_requests": "check_rights(feedback manager) on the partner",
        },
        "wx.audit.event": {
            "create": "ORM override: super() first (the ORM checks create access:"
            " no group has it; _wx_record writes as superuser)",
            "write": "ORM override: refuses everyone (AccessError)",
        },
        "auditlog.log": {
            "create": "ORM override: check_access('create') first (no group has"
            " it; auditlog writes as superuser)",
            "write": "ORM override: refuses everyone (AccessError)",
        },
        "auditlog.log.line": {
            "create": "ORM override: check_access('create') first (no group has"
            " it), then masks the values",
            "write": "ORM override: refuses everyone (AccessError)",
        },
        "auditlog.rule": {
            "create": "ORM override: check_access('create') first (system"
            " administrators), then a config event",
            "write": "ORM override: super() first, then a config event",
            "unlink": "ORM override: check_access('unlink') first, then a config event",
        },
        "base": {
            "export_data": "ORM override: AccessError without the export right"
            " (core's check, made first), then super() (reads with the user's"
            " rights), then an export event",
        },
        "res.groups": {
            "write": "ORM override: super() first (the ORM checks access), then"
            " a permission event",
        },
        "ir.config_parameter": {
            "create": "ORM override: super() first (system administrators only),"
            " then a config event",
            "write": "ORM override: super() first, then a config event",
            "unlink": "ORM override: super() first, then a config event",
        },
    },
    "wx_nlp": {
        "wx.feedback": {
            "create": "ORM override: check_access('create') before any analysis",
            "write": "ORM override: check_access('write') before any analysis",
            "action_wx_nlp_reanalyze": "check_rights(text analysis manager, write)"
            " on self; the cron uses _nlp_reanalyze",
        },
        "wx.nlp.keyword": {
            "get_word_cloud": "check_rights(feedback user) (access rights), then"
            " _read_group with the record rules; at most 200 words",
        },
        "wx.nlp.lexicon.term": {
            "create": "ORM override: super() first (the ORM checks access)",
            "write": "ORM override: super() first (the ORM checks access)",
            "unlink": "ORM override: super() first (the ORM checks access)",
        },
        "wx.nlp.model": {
            "action_train": "check_rights(text analysis manager, write) on self;"
            " trains on the feedback the user may read (no sudo)",
            "action_activate": "check_rights(text analysis manager, write) on self",
        },
    },
    "wx_sla": {
        "helpdesk.ticket": {
            "create": "ORM override: super() first (the ORM checks access)",
            "write": "ORM override: check_access('write') first",
        },
        "wx.sla.policy": {
            "action_view_lines": "check_rights(SLA user) on self",
        },
        "wx.sla.review": {
            "unlink": "ORM override: check_access('unlink') first",
            "action_refresh": "check_rights(SLA manager, write) on self",
            "action_start_review": "check_rights(SLA manager, write) on self",
            "action_done": "check_rights(SLA manager, write) on self",
            "action_reset_draft": "check_rights(SLA manager, write) on self",
            "action_export_xlsx": "check_rights(SLA user) on self; the XLSX route"
            " reads the review as the user",
        },
        "wx.sla.review.action": {
            "unlink": "ORM override: check_access('unlink') first",
            "action_mark_done": "check_rights(SLA manager, write) on self",
            "action_reopen": "check_rights(SLA manager, write) on self",
        },
        "wx.sla.review.problem": {
            "action_view_feedback": "check_rights(SLA user) on self",
        },
        "wx.sla.review.wizard": {
            "action_generate": "check_rights(SLA manager) on self, the company"
            " among the user's, create access on reviews",
        },
        "wx.sla.worktime.mixin": {
            "create": "ORM override: super() first (the ORM checks access)",
            "write": "ORM override: super() first (the ORM checks access)",
            "unlink": "ORM override: super() first (the ORM checks access)",
        },
    },
    "wx_churn": {
        "wx.feedback": {
            "create": "ORM override: check_access('create') first",
            "write": "ORM override: super() first (the ORM checks access), then"
            " the churn check",
        },
        "wx.feedback.survey": {
            "write": "ORM override: super() first (the ORM checks access)",
        },
        "helpdesk.ticket": {
            "create": "ORM override: check_access('create') first",
        },
        "sale.order": {
            "action_confirm": "core override: check_access('write') first",
        },
        "res.partner": {
            "write": "ORM override: tier fields refused to all but churn managers"
            " (and read access then), other fields go to super() first",
            "action_wx_recompute_tier": "check_rights(churn manager) on self",
            "action_wx_timeline": "check_rights(churn user) on self",
            "action_wx_churn_alerts": "check_rights(churn user) on self",
        },
        "wx.churn.alert": {
            "create": "ORM override: check_access('create') first; coupon fields"
            " refused outside the superuser",
            "write": "ORM override: check_access('write') first; the facts and the"
            " coupon of an alert refused outside the superuser",
            "action_issue_coupon": "check_rights(churn manager, write) on self, the"
            " partner is one customer of the alert's company, once per alert",
            "action_visited": "check_rights(churn user, write) on self",
            "action_won_back": "check_rights(churn user, write) on self",
            "action_lost": "check_rights(churn user, write) on self",
            "action_reopen": "check_rights(churn user, write) on self",
            "action_refresh_outcome": "check_rights(churn user) on self",
            "action_open_timeline": "check_rights(churn user) on self",
        },
        "wx.churn.tier": {
            "action_view_partners": "check_rights(churn user) on self",
            "action_recompute_tiers": "check_rights(churn manager) on self",
        },
        "wx.churn.tier.history": {
            "create": "ORM override: check_access('create') first, then the"
            " amount is stored encrypted",
            "write": "ORM override: check_access('write') first; history is"
            " never changed",
        },
        "wx.churn.timeline": {
            "action_open_document": "check_rights(churn user) on self (rows of"
            " readable documents only), then read access on the document",
        },
    },
    "wx_push": {
        "wx.push.message": {
            "action_retry": "check_rights(feedback manager, write) on self",
            "action_open_document": "check_rights(feedback manager) on self",
        },
        "wx.feedback": {
            "create": "ORM override: super() first (the ORM checks create"
            " access), then queues the alerts",
        },
        "wx.churn.alert": {
            "create": "ORM override: super() first (wx_churn checks create"
            " access), then queues the alerts",
        },
        "sms.sms": {
            "create": "ORM override: only sets the message type from the"
            " context, then super() (the ORM checks create access)",
        },
        "wx.feedback.link.wizard": {
            "action_send_sms": "check_rights(feedback user) on the order; texts"
            " the contact's stored mobile only",
            "action_send_wecom": "check_rights(feedback user) on the order; to"
            " the calling user's own WeCom",
        },
    },
    "wx_learn": {
        "wx.learn.experiment": {
            "write": "ORM override: check_access('write') first, then refuses"
            " changes of the declaration once started",
            "action_start": "check_rights(feedback manager, write) on self",
            "action_stop": "check_rights(feedback manager, write) on self",
            "action_promote": "check_rights(feedback manager, write) on self;"
            " only a winner of the declared rule",
            "action_view_exposures": "check_rights(feedback user) on self",
        },
        "wx.learn.variant": {
            "write": "ORM override: check_access('write') first, then refuses"
            " changes of a started experiment's variants",
        },
        "wx.learn.case": {
            "create": "ORM override: check_access('create') first (record rules:"
            " users file proposals only), drops a state given by a non-superuser",
            "write": "ORM override: check_access('write') first; state only"
            " through the actions",
            "unlink": "ORM override: check_access('unlink') first",
            "action_approve": "check_rights(feedback manager, write) on self",
            "action_reject": "check_rights(feedback manager, write) on self",
            "action_reset_to_proposed": "check_rights(feedback manager, write) on self",
        },
        "wx.learn.suggestion": {
            "action_mark_helpful": "check_rights(feedback user) on self, then"
            " write access on its ticket / feedback",
            "action_mark_not_helpful": "check_rights(feedback user) on self,"
            " then write access on its ticket / feedback",
            "action_apply": "check_rights(feedback user) on self, then write"
            " access on its ticket / feedback; returns a composer action",
        },
        "wx.learn.suggest.mixin": {
            "action_wx_learn_suggest": "check_rights(feedback user) on self",
        },
        "helpdesk.ticket": {
            "create": "ORM override: super() first (the ORM checks access), then"
            " the similar-case suggestions as superuser",
            "action_wx_learn_propose_case": "check_rights(feedback user) on self"
            " and create access on cases; solved tickets only",
        },
        "wx.feedback": {
            "create": "ORM override: super() first (wx_feedback checks access"
            " first), then the similar-case suggestions as superuser",
        },
    },
    "wx_metrics": {
        "helpdesk.ticket": {
            "create": "ORM override: super() first (the ORM checks access), then"
            " a Prometheus counter by the new tickets' team names",
        },
    },
    "wx_crm": {
        "wx.feedback": {
            "create": "ORM override: super() first (wx_feedback checks access"
            " first), then the VIP salesperson's to-do as superuser",
        },
        "crm.lead": {
            "create": "ORM override: super() first (the ORM checks access), then"
            " the VIP team leader's to-do as superuser",
            "write": "ORM override: super() first (the ORM checks access), then"
            " the win-back's churn alerts follow the stage",
        },
        "wx.customer.health.mixin": {
            "action_wx_open_feedback": "check_rights(feedback user) on self; the"
            " action's search applies the user's rules",
            "action_wx_open_tickets": "check_rights(internal user) on self; the"
            " action's search applies the user's rules",
        },
        "res.partner": {
            "action_wx_open_feedback": "check_rights(feedback user) on self",
            "action_wx_open_tickets": "check_rights(internal user) on self",
            "action_wx_winback_opportunities": "check_rights(internal user) on"
            " self; the action's search applies the sales rules",
        },
        "sale.order": {
            "create": "ORM override: super() first (the ORM checks access), then"
            " the VIP team leader's to-do as superuser",
        },
        "wx.churn.alert": {
            "create": "ORM override: super() first (wx_churn checks access"
            " first), then the win-back opportunity as superuser",
            "write": "ORM override: super() first (wx_churn checks access first),"
            " then the opportunity follows the state",
        },
    },
    "wx_delivery": {
        "wx.delivery.model": {
            "action_train": "check_rights(delivery manager, create) first",
        },
        "wx.delivery.record": {
            "action_wx_score": "check_rights(delivery user) first; scores the"
            " current company's open deliveries",
        },
        "sale.order": {
            "action_confirm": "core override: super() first (checks access),"
            " then the delivery records as superuser",
            "write": "ORM override: super() first (the ORM checks access), then"
            " the delivery records follow the promise",
        },
        "stock.picking": {
            "action_cancel": "core override: super() first (checks access),"
            " then the delivery record is dropped",
            "write": "ORM override: super() first (the ORM checks access), then"
            " the delivery record follows the picking",
        },
    },
    "wx_insight": {
        "wx.insight.dashboard": {
            "create": "ORM override: check_access('create') first (feedback users),"
            " then computes the figures under the user's record rules",
            "write": "ORM override: check_access('write') first, then recomputes",
            "action_refresh": "check_rights(feedback user, write) on self",
            "action_export_xlsx": "check_rights(feedback user) on self",
            "action_print_pdf": "check_rights(feedback user) on self",
            "action_open_overview": "@api.model: check_rights(feedback user,"
            " create) first, then creates the user's dashboard (record rules apply)",
            "action_open_kpi": "check_rights(feedback user) on self; an unknown"
            " figure is a UserError; the drill-down checks read access on the target",
        },
        "wx.insight.dashboard.line": {
            "action_open_records": "check_rights(feedback user) on self, then"
            " read access on the target model; the action's search applies the"
            " user's rules",
        },
    },
}
