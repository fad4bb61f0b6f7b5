#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Write the wx_feedback demo XML files (customers, fruit, orders, teams, users).

The demo data is committed as plain Odoo demo XML; this generator only keeps the
~300 orders consistent and reproducible (fixed seed). Run it after editing the
tables below:  python3 scripts/gen_demo_data.py
"""

import random
import sys
from pathlib import Path
from xml.sax.saxutils import escape

DEMO_DIR = Path(__file__).resolve().parent.parent / "addons" / "wx_feedback" / "demo"
HEADER = '<?xml version="1.0" encoding="UTF-8" ?>\n<odoo>\n'
FOOTER = "</odoo>\n"
SEED = 20261125
ORDER_COUNT = 300

# login, name, groups (xml ids), team code or None
STAFF = [
    ("wx_manager", "王海燕", ["group_wx_feedback_manager"], None),
    ("wx_logistics", "李建国", ["group_wx_feedback_user"], "logistics"),
    ("wx_purchasing", "张丽华", ["group_wx_feedback_user"], "purchasing"),
    ("wx_service", "陈晓敏", ["group_wx_feedback_user"], "service"),
    # leads the VIP line: a wx_churn record (its demo data names the members)
    ("wx_vip", "赵志强", ["group_wx_feedback_user"], None),
    ("wx_sales", "刘德明", ["sales_team.group_sale_salesman"], None),
]

# code, name, leader login, sequence
TEAMS = [
    ("logistics", "物流组", "wx_logistics", 10),
    ("purchasing", "采购组", "wx_purchasing", 20),
    ("service", "客服组", "wx_service", 30),
]

CATEGORIES = [
    ("fruit", "水果", None),
    ("tropical", "热带水果", "fruit"),
    ("berries", "浆果", "fruit"),
    ("citrus", "柑橘", "fruit"),
    ("melons", "瓜类", "fruit"),
    ("stone", "核果", "fruit"),
    ("imported", "进口水果", "fruit"),
]

# code, name, category, price CNY per kg, default code
PRODUCTS = [
    ("mango", "海南台农芒果", "tropical", 18.0, "TR-001"),
    ("durian", "泰国金枕榴莲", "tropical", 68.0, "TR-002"),
    ("banana", "海南香蕉", "tropical", 6.0, "TR-003"),
    ("pineapple", "徐闻菠萝", "tropical", 9.0, "TR-004"),
    ("pitaya", "越南红心火龙果", "tropical", 12.0, "TR-005"),
    ("lychee", "广东妃子笑荔枝", "tropical", 28.0, "TR-006"),
    ("strawberry", "丹东99草莓", "berries", 45.0, "BE-001"),
    ("blueberry", "云南蓝莓", "berries", 80.0, "BE-002"),
    ("grape", "阳光玫瑰葡萄", "berries", 35.0, "BE-003"),
    ("navel_orange", "赣南脐橙", "citrus", 8.0, "CI-001"),
    ("ponkan", "四川耙耙柑", "citrus", 12.0, "CI-002"),
    ("orah", "广西沃柑", "citrus", 7.0, "CI-003"),
    ("pomelo", "福建琯溪蜜柚", "citrus", 5.0, "CI-004"),
    ("lime", "海南青柠檬", "citrus", 15.0, "CI-005"),
    ("hami", "新疆哈密瓜", "melons", 9.0, "ME-001"),
    ("watermelon", "麒麟西瓜", "melons", 4.0, "ME-002"),
    ("muskmelon", "海南网纹瓜", "melons", 20.0, "ME-003"),
    ("peach", "阳山水蜜桃", "stone", 25.0, "ST-001"),
    ("cherry", "山东大樱桃", "stone", 40.0, "ST-002"),
    ("prune", "新疆西梅", "stone", 22.0, "ST-003"),
    ("chile_cherry", "智利车厘子JJ级", "imported", 95.0, "IM-001"),
    ("kiwi", "新西兰佳沛金果", "imported", 30.0, "IM-002"),
    ("avocado", "秘鲁牛油果", "imported", 38.0, "IM-003"),
    ("mangosteen", "泰国山竹", "imported", 32.0, "IM-004"),
    ("apple", "阿克苏冰糖心苹果", "imported", 12.0, "IM-005"),
]

# code, name, kind, scale, state, city, street, contact, mobile, lang
CUSTOMERS = [
    (
        "yh_fz",
        "永辉超市福州仓山店",
        "supermarket",
        "vip",
        "FJ",
        "福州市",
        "仓山区浦上大道216号",
        "周立群",
        "13905910318",
        "zh_CN",
    ),
    (
        "hm_sh",
        "盒马鲜生上海长宁店",
        "supermarket",
        "vip",
        "SH",
        "上海市",
        "长宁区仙霞路99号",
        "吴佳怡",
        "13817726514",
        "zh_CN",
    ),
    (
        "hrv_sz",
        "华润万家深圳南山店",
        "supermarket",
        "vip",
        "GD",
        "深圳市",
        "南山区南海大道2163号",
        "黄志伟",
        "13823156720",
        "zh_CN",
    ),
    (
        "wm_hz",
        "物美超市杭州文三店",
        "supermarket",
        "key",
        "ZJ",
        "杭州市",
        "西湖区文三路259号",
        "沈静",
        "13958062147",
        "zh_CN",
    ),
    (
        "sj_nj",
        "苏果超市南京新街口店",
        "supermarket",
        "key",
        "JS",
        "南京市",
        "秦淮区中山南路49号",
        "孙明",
        "13770615238",
        "zh_CN",
    ),
    (
        "zb_cd",
        "红旗连锁成都春熙路店",
        "supermarket",
        "key",
        "SC",
        "成都市",
        "锦江区春熙路北段8号",
        "杨帆",
        "13980047715",
        "zh_CN",
    ),
    (
        "zs_wh",
        "中百仓储武汉汉街店",
        "supermarket",
        "key",
        "HB",
        "武汉市",
        "武昌区楚河汉街1号",
        "胡晓东",
        "13871206634",
        "zh_CN",
    ),
    (
        "bl_bj",
        "北京华联望京店",
        "supermarket",
        "key",
        "BJ",
        "北京市",
        "朝阳区望京街9号",
        "马俊",
        "13910627345",
        "zh_CN",
    ),
    (
        "pgy_sz",
        "百果园深圳福田店",
        "fruit_shop",
        "medium",
        "GD",
        "深圳市",
        "福田区福华三路88号",
        "林小燕",
        "13715209638",
        "zh_CN",
    ),
    (
        "gd_gz",
        "果多美广州天河店",
        "fruit_shop",
        "medium",
        "GD",
        "广州市",
        "天河区体育西路103号",
        "陈伟强",
        "13602476581",
        "zh_CN",
    ),
    (
        "xg_xm",
        "鲜果时光厦门中山路店",
        "fruit_shop",
        "small",
        "FJ",
        "厦门市",
        "思明区中山路168号",
        "郑雅琴",
        "13806013952",
        "zh_CN",
    ),
    (
        "gx_hz",
        "果鲜生杭州湖滨店",
        "fruit_shop",
        "small",
        "ZJ",
        "杭州市",
        "上城区湖滨路23号",
        "钱晓峰",
        "13757193406",
        "zh_CN",
    ),
    (
        "lx_nb",
        "乐鲜果铺宁波天一店",
        "fruit_shop",
        "small",
        "ZJ",
        "宁波市",
        "海曙区中山东路188号",
        "许丽",
        "13566328417",
        "zh_CN",
    ),
    (
        "sg_sz",
        "四季果园苏州观前店",
        "fruit_shop",
        "small",
        "JS",
        "苏州市",
        "姑苏区观前街101号",
        "顾文斌",
        "13962138875",
        "zh_CN",
    ),
    (
        "tx_cd",
        "甜心果坊成都宽窄店",
        "fruit_shop",
        "small",
        "SC",
        "成都市",
        "青羊区宽巷子16号",
        "何晓丽",
        "13880756620",
        "zh_CN",
    ),
    (
        "gm_wh",
        "果满园武汉光谷店",
        "fruit_shop",
        "small",
        "HB",
        "武汉市",
        "洪山区珞喻路766号",
        "罗刚",
        "13995571308",
        "zh_CN",
    ),
    (
        "hdl_sh",
        "海底捞上海人民广场店",
        "restaurant",
        "medium",
        "SH",
        "上海市",
        "黄浦区西藏中路268号",
        "徐磊",
        "13764528391",
        "zh_CN",
    ),
    (
        "xbc_bj",
        "西贝莜面村北京国贸店",
        "restaurant",
        "medium",
        "BJ",
        "北京市",
        "朝阳区建国门外大街1号",
        "高倩",
        "13701083526",
        "zh_CN",
    ),
    (
        "ddf_gz",
        "点都德广州北京路店",
        "restaurant",
        "medium",
        "GD",
        "广州市",
        "越秀区北京路328号",
        "梁嘉欣",
        "13926088473",
        "zh_CN",
    ),
    (
        "lwj_hz",
        "绿茶餐厅杭州西湖店",
        "restaurant",
        "small",
        "ZJ",
        "杭州市",
        "西湖区北山街83号",
        "蒋涛",
        "13605710946",
        "zh_CN",
    ),
    (
        "tp_cd",
        "陶德砂锅成都太古里店",
        "restaurant",
        "small",
        "SC",
        "成都市",
        "锦江区中纱帽街8号",
        "唐颖",
        "13618023357",
        "zh_CN",
    ),
    (
        "yt_xm",
        "宴遇海鲜厦门环岛路店",
        "restaurant",
        "small",
        "FJ",
        "厦门市",
        "思明区环岛南路3088号",
        "蔡志明",
        "13950006824",
        "zh_CN",
    ),
    (
        "fdu_sh",
        "复旦大学第一食堂",
        "canteen",
        "medium",
        "SH",
        "上海市",
        "杨浦区邯郸路220号",
        "王建华",
        "13916285417",
        "zh_CN",
    ),
    (
        "zju_hz",
        "浙江大学紫金港食堂",
        "canteen",
        "medium",
        "ZJ",
        "杭州市",
        "西湖区余杭塘路866号",
        "方敏",
        "13588046352",
        "zh_CN",
    ),
    (
        "hw_sz",
        "华为坂田基地员工餐厅",
        "canteen",
        "key",
        "GD",
        "深圳市",
        "龙岗区坂田华为基地",
        "邓海涛",
        "13480726319",
        "zh_CN",
    ),
    (
        "whu_wh",
        "武汉大学桂园食堂",
        "canteen",
        "small",
        "HB",
        "武汉市",
        "武昌区八一路299号",
        "彭丽娟",
        "13871593260",
        "zh_CN",
    ),
    (
        "ntu_nj",
        "南京市第一中学食堂",
        "canteen",
        "small",
        "JS",
        "南京市",
        "秦淮区中华路409号",
        "陆晓军",
        "13851729046",
        "zh_CN",
    ),
    (
        "hk_fm",
        "香港鲜果汇（铜锣湾）",
        "fruit_shop",
        "medium",
        "HK",
        "香港",
        "铜锣湾轩尼诗道500号",
        "Kelvin Chan",
        "13410259873",
        "en_US",
    ),
    (
        "es_mad",
        "Frutas Oriente Madrid S.L.",
        "importer",
        "medium",
        None,
        "Madrid",
        "Calle de Alcalá 120",
        "Lucía Fernández",
        "13522094186",
        "es_ES",
    ),
    (
        "cq_hg",
        "重庆火锅联盟采购中心",
        "restaurant",
        "key",
        "CQ",
        "重庆市",
        "渝中区解放碑民族路188号",
        "冉小军",
        "13983261570",
        "zh_CN",
    ),
]

KIND_LABEL = {
    "supermarket": "超市",
    "fruit_shop": "水果店",
    "restaurant": "餐厅",
    "canteen": "食堂",
    "importer": "进口商",
}

# orders per customer and kg per line by scale
SCALE = {
    "vip": (26, (700, 1600)),
    "key": (14, (180, 450)),
    "medium": (9, (60, 160)),
    "small": (6, (12, 45)),
}


def attr(value):
    return escape(value, {'"': "&quot;"})


def order_moment(days_ago, hour, minute):
    """Safe-eval expression of an order time: Shanghai wall clock, stored in UTC."""
    local = f"(DateTime.today() - relativedelta(days={days_ago})).replace(hour={hour}, minute={minute}, second=0, microsecond=0)"
    return f"({local} - relativedelta(hours=8))"


def promised_moment(days_ago, hour, minute):
    """Delivery promised for 10:00 Shanghai time on the day after the order."""
    local = f"(DateTime.today() - relativedelta(days={days_ago - 1})).replace(hour=10, minute=0, second=0, microsecond=0)"
    return f"({local} - relativedelta(hours=8))"


def write(name, body):
    (DEMO_DIR / name).write_text(HEADER + body + FOOTER, encoding="utf-8")


def users_xml():
    out = []
    for login, name, groups, _team in STAFF:
        refs = ", ".join(f"ref('{g}')" for g in ["base.group_user", *groups])
        out.append(
            f'    <record id="user_{login}_demo" model="res.users"'
            " context=\"{'no_reset_password': True}\">\n"
            f'        <field name="name">{name}</field>\n'
            f'        <field name="login">{login}</field>\n'
            f'        <field name="password">{login}</field>\n'
            f'        <field name="email">{login}@wanxiang-fresh.example.com</field>\n'
            f'        <field name="lang">zh_CN</field>\n'
            f'        <field name="tz">Asia/Shanghai</field>\n'
            f'        <field name="group_ids" eval="[Command.set([{refs}])]" />\n'
            f"    </record>\n"
        )
    return "\n".join(out)


def teams_xml():
    out = []
    for code, name, leader, seq in TEAMS:
        members = [
            f"ref('user_{login}_demo')" for login, *_r, team in STAFF if team == code
        ]
        members.append("ref('user_wx_manager_demo')")
        out.append(
            f'    <record id="helpdesk_ticket_team_{code}_demo" model="helpdesk.ticket.team">\n'
            f'        <field name="name">{name}</field>\n'
            f'        <field name="sequence" eval="{seq}" />\n'
            f'        <field name="user_id" ref="user_{leader}_demo" />\n'
            f'        <field name="user_ids" eval="[Command.set([{", ".join(members)}])]" />\n'
            f"    </record>\n"
        )
    return "\n".join(out)


def products_xml():
    out = []
    for code, name, parent in CATEGORIES:
        parent_field = (
            f'        <field name="parent_id" ref="product_category_{parent}_demo" />\n'
            if parent
            else ""
        )
        out.append(
            f'    <record id="product_category_{code}_demo" model="product.category">\n'
            f'        <field name="name">{name}</field>\n{parent_field}'
            f"    </record>\n"
        )
    for code, name, categ, price, default_code in PRODUCTS:
        out.append(
            f'    <record id="product_{code}_demo" model="product.product">\n'
            f'        <field name="name">{name}</field>\n'
            f'        <field name="default_code">{default_code}</field>\n'
            f'        <field name="type">consu</field>\n'
            f'        <field name="categ_id" ref="product_category_{categ}_demo" />\n'
            f'        <field name="uom_id" ref="uom.product_uom_kgm" />\n'
            f'        <field name="list_price" eval="{price}" />\n'
            f'        <field name="standard_price" eval="{round(price * 0.72, 2)}" />\n'
            f'        <field name="sale_ok" eval="True" />\n'
            f"    </record>\n"
        )
    return "\n".join(out)


COMPANY = """\
    <record id="base.main_company" model="res.company">
        <field name="name">万象鲜果供应链（上海）有限公司</field>
        <field name="street">浦东新区江桥路1288号万象冷链中心</field>
        <field name="city">上海市</field>
        <field name="state_id" ref="base.state_cn_SH" />
        <field name="country_id" ref="base.cn" />
        <field name="phone">+86 21 6088 4000</field>
        <field name="email">service@wanxiang-fresh.example.com</field>
    </record>
"""


def customers_xml():
    out = [COMPANY]
    for (
        code,
        name,
        kind,
        _scale,
        state,
        city,
        street,
        contact,
        mobile,
        lang,
    ) in CUSTOMERS:
        country = "base.es" if state is None else "base.cn"
        state_field = (
            f'        <field name="state_id" ref="base.state_cn_{state}" />\n'
            if state
            else ""
        )
        out.append(
            f'    <record id="res_partner_{code}_demo" model="res.partner">\n'
            f'        <field name="name">{attr(name)}</field>\n'
            f'        <field name="is_company" eval="True" />\n'
            f'        <field name="country_id" ref="{country}" />\n{state_field}'
            f'        <field name="city">{city}</field>\n'
            f'        <field name="street">{attr(street)}</field>\n'
            f'        <field name="lang">{lang}</field>\n'
            f'        <field name="email">purchase.{code}@customer.example.com</field>\n'
            f'        <field name="user_id" ref="user_wx_sales_demo" />\n'
            f'        <field name="comment">{KIND_LABEL[kind]}</field>\n'
            f"    </record>\n"
            f'    <record id="res_partner_{code}_contact_demo" model="res.partner">\n'
            f'        <field name="name">{attr(contact)}</field>\n'
            f'        <field name="parent_id" ref="res_partner_{code}_demo" />\n'
            f'        <field name="type">contact</field>\n'
            f'        <field name="function">采购负责人</field>\n'
            f'        <field name="phone">+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}</field>\n'
            f'        <field name="lang">{lang}</field>\n'
            f'        <field name="email">{code}.buyer@customer.example.com</field>\n'
            f"    </record>\n"
        )
    portal = [("wx_portal", "yh_fz"), ("wx_portal2", "pgy_sz")]
    for login, code in portal:
        out.append(
            f'    <record id="user_{login}_demo" model="res.users"'
            " context=\"{'no_reset_password': True}\">\n"
            f'        <field name="login">{login}</field>\n'
            f'        <field name="password">{login}</field>\n'
            f'        <field name="partner_id" ref="res_partner_{code}_contact_demo" />\n'
            f'        <field name="group_ids" eval="[Command.set([ref(\'base.group_portal\')])]" />\n'
            f"    </record>\n"
        )
    return "\n".join(out)


def generate_orders():
    """The demo orders: (index, customer, days_ago, hour, minute, lines, offset)."""
    rng = random.Random(SEED)
    weights = [SCALE[c[3]][0] for c in CUSTOMERS]
    customers = rng.choices(CUSTOMERS, weights=weights, k=ORDER_COUNT)
    orders = []
    for index, customer in enumerate(customers, start=1):
        days_ago = rng.randint(3, 362)
        hour = rng.choice([6, 7, 8, 9, 10, 14, 15, 16, 20, 21])
        minute = rng.randrange(0, 60, 5)
        low, high = SCALE[customer[3]][1]
        products = rng.sample(PRODUCTS, rng.randint(2, 5))
        lines = [(p[0], rng.randint(low, high) // 5 * 5 or 5, p[3]) for p in products]
        late_minutes = 0
        if rng.random() < 0.16:
            late_minutes = rng.choice([45, 90, 150, 240, 480, 1440])
        # delivered in the morning of the promised day, late ones after it
        deliver_offset = rng.randint(-150, -20) if not late_minutes else late_minutes
        orders.append((index, customer, days_ago, hour, minute, lines, deliver_offset))
    return orders


def orders_xml(orders):
    out = []
    for index, customer, days_ago, hour, minute, lines, _ in orders:
        code = customer[0]
        when = order_moment(days_ago, hour, minute)
        line_cmds = ",\n".join(
            f"                Command.create({{'product_id': ref('product_{p}_demo'), "
            f"'product_uom_qty': {qty}, 'price_unit': {price}}})"
            for p, qty, price in lines
        )
        out.append(
            f'    <record id="sale_order_{index:03d}_demo" model="sale.order">\n'
            f'        <field name="partner_id" ref="res_partner_{code}_demo" />\n'
            f'        <field name="user_id" ref="user_wx_sales_demo" />\n'
            f'        <field name="date_order" eval="{when}.strftime(\'%Y-%m-%d %H:%M:%S\')" />\n'
            f'        <field name="commitment_date" eval="{promised_moment(days_ago, hour, minute)}.strftime(\'%Y-%m-%d %H:%M:%S\')" />\n'
            f'        <field name="order_line" eval="[\n{line_cmds}\n            ]" />\n'
            f"    </record>\n"
        )
    refs = ", ".join(f"ref('sale_order_{o[0]:03d}_demo')" for o in orders)
    out.append(
        '    <function model="sale.order" name="action_confirm">\n'
        f'        <value eval="[{refs}]" />\n'
        "    </function>\n"
    )
    out.append(
        '    <function model="stock.picking" name="button_validate">\n'
        f'        <value model="sale.order" eval="obj([{refs}]).picking_ids.ids" />\n'
        "    </function>\n"
    )
    for index, _customer, days_ago, hour, minute, _lines, deliver_offset in orders:
        when = order_moment(days_ago, hour, minute)
        promised = promised_moment(days_ago, hour, minute)
        out.append(
            "    <!-- confirming stamps the order with today: put its real date back -->\n"
            '    <function model="sale.order" name="write">\n'
            f"        <value eval=\"[ref('sale_order_{index:03d}_demo')]\" />\n"
            f"        <value eval=\"{{'date_order': {when}.strftime('%Y-%m-%d %H:%M:%S')}}\" />\n"
            "    </function>\n"
            '    <function model="stock.picking" name="write">\n'
            f'        <value model="sale.order" eval="obj(ref(\'sale_order_{index:03d}_demo\')).picking_ids.ids" />\n'
            f"        <value eval=\"{{'date_done': ({promised} + relativedelta(minutes={deliver_offset})).strftime('%Y-%m-%d %H:%M:%S')}}\" />\n"
            "    </function>\n"
        )
    return "\n".join(out)


# category code -> demo team handling it
CATEGORY_TEAMS = {
    "delivery": "logistics",
    "packaging": "logistics",
    "order": "logistics",
    "freshness": "purchasing",
    "weight": "purchasing",
    "service": "service",
    "price": "service",
    "other": "service",
}
# NPS answers after a resolved case, by the original star rating
SURVEY_NPS = {
    1: [3, 5, 6, 7, 8, 9],
    2: [5, 6, 7, 8, 9, 10],
    3: [6, 7, 8, 9, 9, 10],
    4: [8, 9, 9, 10, 10],
    5: [9, 10, 10, 10],
}


def survey_answer_xml(xmlid, submitted, rating, rng):
    """The survey sent after resolution, answered a day later."""
    nps_score = rng.choice(SURVEY_NPS[rating])
    csat_score = max(1, min(5, round(nps_score / 2)))

    def moment(delta):
        return f"({submitted} + relativedelta({delta})).strftime('%Y-%m-%d %H:%M:%S')"

    values = (
        f"{{'state': 'answered', 'nps': {nps_score}, 'csat': {csat_score},"
        f" 'scheduled_at': {moment('hours=20')}, 'sent_at': {moment('hours=20')},"
        f" 'expires_at': {moment('days=28')}, 'answered_at': {moment('days=1, hours=3')}}}"
    )
    return (
        '    <function model="wx.feedback.survey" name="write">\n'
        f'        <value model="wx.feedback" eval="obj(ref(\'{xmlid}\')).survey_ids.ids" />\n'
        f'        <value eval="{values}" />\n'
        "    </function>\n"
    )


LANG_CUSTOMERS = {"en_US": ["hk_fm"], "es_ES": ["es_mad"]}
PHOTOS = {
    "freshness": "rotten_mango.jpg",
    "packaging": "crushed_box.jpg",
    "weight": "short_weight.jpg",
}


def feedback_xml(orders):
    """~220 feedbacks on the demo orders, texts from scripts/demo_feedback_texts.py."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from demo_feedback_texts import FEEDBACK_TEXTS

    rng = random.Random(SEED + 1)
    out = []
    for team in sorted(set(CATEGORY_TEAMS.values())):
        codes = [c for c, t in CATEGORY_TEAMS.items() if t == team]
        refs = ", ".join(f"ref('wx_feedback_category_{c}')" for c in codes)
        out.append(
            '    <function model="wx.feedback.category" name="write">\n'
            f'        <value eval="[{refs}]" />\n'
            f"        <value eval=\"{{'team_id': ref('helpdesk_ticket_team_{team}_demo')}}\" />\n"
            "    </function>\n"
        )
    zh_customers = [c[0] for c in CUSTOMERS if c[9] == "zh_CN"]
    free = {}
    for index, customer, days_ago, _hour, _minute, _lines, _offset in orders:
        free.setdefault(customer[0], []).append((index, days_ago))
    for number, item in enumerate(FEEDBACK_TEXTS, start=1):
        candidates = LANG_CUSTOMERS.get(item["lang"], zh_customers)
        with_orders = [c for c in candidates if free.get(c)]
        code = rng.choice(with_orders or candidates)
        order_ref, days_ago = (None, rng.randint(5, 300))
        if free.get(code):
            order_index, days_ago = free[code].pop(rng.randrange(len(free[code])))
            order_ref = f"sale_order_{order_index:03d}_demo"
        submitted = (
            f"(DateTime.today() - relativedelta(days={max(days_ago - 1, 0)},"
            f" hours={rng.randint(0, 10)}, minutes={rng.randint(0, 59)}))"
        )
        categories = ", ".join(
            f"ref('wx_feedback_category_{c}')" for c in item["categories"]
        )
        order_field = (
            f'        <field name="order_id" ref="{order_ref}" />\n'
            if order_ref
            else ""
        )
        xmlid = f"wx_feedback_{number:03d}_demo"
        out.append(
            f'    <record id="{xmlid}" model="wx.feedback"'
            " context=\"{'wx_feedback_no_auto_reply': True}\">\n"
            f'        <field name="partner_id" ref="res_partner_{code}_contact_demo" />\n'
            f"{order_field}"
            f'        <field name="channel">{item["channel"]}</field>\n'
            f'        <field name="rating" eval="{item["rating"]}" />\n'
            f'        <field name="rating_delivery" eval="{item["delivery"]}" />\n'
            f'        <field name="rating_freshness" eval="{item["freshness"]}" />\n'
            f'        <field name="rating_service" eval="{item["service"]}" />\n'
            f'        <field name="category_ids" eval="[Command.set([{categories}])]" />\n'
            f'        <field name="description">{escape(item["text"])}</field>\n'
            f'        <field name="lang">{item["lang"]}</field>\n'
            f'        <field name="state">{item["state"]}</field>\n'
            f'        <field name="submitted_at" eval="{submitted}.strftime(\'%Y-%m-%d %H:%M:%S\')" />\n'
            f'        <field name="first_submitted_at" eval="{submitted}.strftime(\'%Y-%m-%d %H:%M:%S\')" />\n'
            f"    </record>\n"
        )
        if item["state"] == "resolved" and rng.random() < 0.85:
            out.append(survey_answer_xml(xmlid, submitted, item["rating"], rng))
        if item["photo"]:
            photo = next(
                (PHOTOS[c] for c in item["categories"] if c in PHOTOS),
                "mouldy_strawberry.jpg",
            )
            out.append(
                f'    <record id="{xmlid}_photo" model="ir.attachment">\n'
                f'        <field name="name">{photo}</field>\n'
                f'        <field name="datas" type="base64" file="wx_feedback/demo/img/{photo}" />\n'
                f'        <field name="mimetype">image/jpeg</field>\n'
                f'        <field name="res_model">wx.feedback</field>\n'
                f'        <field name="res_id" ref="{xmlid}" />\n'
                f"    </record>\n"
                '    <function model="wx.feedback" name="write">\n'
                f"        <value eval=\"[ref('{xmlid}')]\" />\n"
                f"        <value eval=\"{{'attachment_ids': [Command.link(ref('{xmlid}_photo'))]}}\" />\n"
                "    </function>\n"
            )
    return "\n".join(out)


def main():
    write("res_users_demo.xml", users_xml())
    write("helpdesk_ticket_team_demo.xml", teams_xml())
    write("product_demo.xml", products_xml())
    write("res_partner_demo.xml", customers_xml())
    orders = generate_orders()
    write("sale_order_demo.xml", orders_xml(orders))
    write("wx_feedback_demo.xml", feedback_xml(orders))


if __name__ == "__main__":
    main()
