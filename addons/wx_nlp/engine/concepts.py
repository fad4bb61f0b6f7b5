# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# ruff: noqa: E501 (one alternation per line reads better than split strings)
"""Business-impact concepts: patterns that explain why a message is urgent.

The lexicon finds single words (发霉, refund); these patterns find what a
customer *describes* without a fixed word: the shop cannot open, the whole
order is wrong, a delivery signed by a stranger, the ordering system blocks
tomorrow's order, a charge for goods never received, a deadline, a case left
unanswered for a week, a bad review already posted.

Every pattern runs on the normalised text (lower case, full-width folded:
"，" is ","; offsets are those of the original text) and yields an urgency
evidence item ``{"rule", "term", "kind": "urgency", "tag", "weight", "span"}``.
Tags are those of :data:`wx_nlp.engine.lexicon.URGENCY_TAGS`; the urgency
decision (:class:`wx_nlp.engine.urgency.UrgencyModel`) weighs them together
with the lexicon's evidence and the sentiment.

Patterns describe kinds of situation with broad vocabulary (any product,
number, day or place), never particular sentences.
"""

import re

from .patterns import Pattern

_NUM = r"(?:\d+|[一二两三四五六七八九十百千几半]+)"
_DAY_ZH = r"(?:周|星期|礼拜)[一二三四五六日天末]"
_DAY_EN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|noon|eod|end of (?:the )?(?:day|week|month))"
_DAY_ES = r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|manana|fin de mes|final del dia)"
_STOP = r"[^。!?\n]"  # any character inside one sentence
_WORDS = r"[^.!?\n]"

# Time words that make an impact imminent (today, tonight, tomorrow, in 3 hours).
_SOON_ZH = (
    r"(?:今天|今日|今晚|今早|今儿|明天|明早|明晚|明日|明儿|后天|上午|下午|中午|傍晚|晚上|早上"
    r"|"
    + _NUM
    + r"(?:个)?(?:小时|钟头)|"
    + _NUM
    + r"点(?:前|之前|半|钟)?|周末|马上|一会儿)"
)
_SOON_LATIN = (
    r"\b(?:today|tonight|tomorrow|tmrw|tmr|this (?:morning|afternoon|evening|weekend)"
    r"|in (?:\w+ )?(?:hours?|minutes)|by noon|at \d|\d(?::\d\d)? ?(?:am|pm)"
    r"|hoy|esta (?:noche|tarde|manana)|manana|en (?:\w+ )?horas?|mediodia)\b"
)
_EVENT_ZH = (
    r"(?:午餐|早餐|晚餐|午饭|早饭|团餐|自助餐|工作餐|病号餐|宴会|婚宴|婚礼|寿宴|喜宴|年会|典礼"
    r"|活动|周年庆|店庆|开业|开张|促销|海报|档期|堆头|团购|自提|开学|会议|庆典|果盘|开门|出摊"
    r"|开餐|供餐|出餐|早市|夜市|上架|菜单|摆台|展会|订货会|发布会|装柜|船期|开船|截关|报关|出口柜"
    r"|中秋|春节|过年|年货|端午|国庆|元旦|节日|过节|情人节|果篮|礼盒|食堂|学校|上市|开售|开卖|备货|订金|定金)"
)
_EVENT_LATIN = (
    r"\b(?:lunch|breakfast|dinner|buffet|banquet|wedding|event|party|opening|opens|promotion"
    r"|promo|catering|conference|gala|launch|display|container|vessel|cut-?off|shipment"
    r"|holiday|festival|christmas|new year|gift baskets?|hampers?|canteen|cafeteria|school"
    r"|almuerzo|desayuno|cena|banquete|boda|evento|fiesta|apertura|abrimos|promocion"
    r"|inauguracion|contenedor|buque|camion sale|navidad|fiestas|canastas?|comedor|escuela)\b"
)

# (tag, rule, weight, compiled pattern)
_RULES = []


_WORD = re.compile(r"(?<![\\a-z])[a-z]{3,}")  # a Latin word, not an escape


def _has_cjk(pattern):
    return any("\u4e00" <= char <= "\u9fff" for char in pattern)


def _rule(tag, name, weight, *patterns):
    """Patterns with Chinese characters run on texts that have some, the
    others on texts with Latin letters (a cheap pre-check keeps it fast)."""
    cjk = [p for p in patterns if _has_cjk(p)]
    latin = [p for p in patterns if not _has_cjk(p) or _WORD.search(p)]
    _RULES.append(
        (
            tag,
            name,
            weight,
            Pattern("|".join(cjk)) if cjk else None,
            Pattern("|".join(latin)) if latin else None,
        )
    )


# -- business impact: cannot open / sell / serve, shelves empty --------------
_rule(
    "impact",
    "cannot_operate",
    1.0,
    r"(?:货架|冷柜|水果台|水果区|柜台|陈列架?|堆头|档口|摊位|展台|果台)"
    + _STOP
    + r"{0,6}(?:空|没货|没东西)",
    r"开不了(?:门|张|业|摊|餐)|(?:没法|无法|不能|没办法)(?:开门|营业|出摊|上架|卖|摆台|供应|开餐|出餐|供餐|交货|出货|做促销|做活动)",
    r"拿什么(?:卖|摆|做|给|用|上)|卖给谁|卖不(?:出去|掉|动)|(?:没|没有)(?:水果|货|东西)(?:吃|卖|用|上|摆)|断货|卖不了|用不了",
    r"影响(?:营业|供应|销售|出餐|开业|生意)|损耗(?:第一|拉到|超标|太高)|客人在等|顾客在(?:门口|等|问)|(?:停业|停摊|关门)",
    r"不敢(?:卖|用|上架|给客人|拿出来)|一(?:杯|个|份|箱|斤|单|盒)(?:都|也)?没卖|没卖出去|(?:摊|店|档口)(?:都|只能|只好)?收了|白等了?|(?:客人|顾客|客户)(?:都)?(?:走了|跑了|退了)",
    r"\b(?:can'?t|cannot|unable to|could not|couldn'?t) (?:open|sell|serve|trade|cater|fill)\b",
    r"\b(?:shelves|shelf|display|counter|stand) (?:is |are |was |were |stand |stood )?(?:empty|bare)\b|\bempty (?:shelves|shelf|display|stand)\b",
    r"\bnothing (?:to|on the shelf to) (?:sell|serve|display)\b|\blos(?:t|ing) (?:sales|customers)\b",
    r"\b(?:miss(?:ed)? the (?:cut-?off|vessel|ship|sailing)|demurrage|shipping line charges|reefer (?:unit )?(?:was )?(?:switched |turned )?off)\b",
    r"\bno (?:podemos|puedo|pudimos) (?:abrir|vender|servir|surtir)\b|\bestantes? vaci|\bsin (?:fruta|producto|mercancia) (?:para|que)\b",
    r"\b(?:contenedor|mercancia) (?:esta |sigue )?retenid|\bperder el (?:barco|buque)\b",
)

# An event, a meal service or a promotion that needs the goods soon (checked
# together with a soon-word in :func:`scan`).
# Each half runs only on texts with Chinese / Latin letters (it cannot match
# elsewhere); the event is the leftmost of the two halves' matches.
_EVENT = (Pattern(_EVENT_ZH), Pattern(_EVENT_LATIN))
_SOON = (Pattern(_SOON_ZH), Pattern(_SOON_LATIN))

# -- whole order wrong or missing, stranger signed, wrong place -----------------
_rule(
    "missing",
    "whole_order",
    2.0,
    r"整单|整批(?:货)?(?:都|全)?(?:错|不对|没)|全部(?:送|发|弄)?错|(?:品种|规格|货)"
    + _STOP
    + r"{0,4}全(?:错|不对|对不上)",
    r"完全不是我们|根本不是我们|(?:来|送来|到|收到|发来)的(?:货)?(?:全|全都|都)是|谁家的货|别家的货|跟别家"
    + _STOP
    + r"{0,2}混",
    r"(?:一个|一箱|一件|一样|一斤)都没(?:来|到|送)|全部没(?:送|到|来)|(?:一共|总共|订了?|合同约定|约定)"
    + _NUM
    + r"(?:箱|件|斤|公斤|托|吨)"
    + _STOP
    + r"{0,14}(?:只有|只到了?|实际到货?|才到|才来)"
    + _NUM,
    _NUM
    + r"(?:箱|件|筐|托|斤|公斤)[^,。!?\s\d]{1,6}[,\s]{0,2}(?:你|你们)?(?:给我|给我们)?(?:来|送|发)了?"
    + _NUM
    + r"(?:箱|件|筐|托|斤|公斤)",
    r"(?:订单|单子?)(?:被)?(?:弄)?丢了|(?:查不到|找不到|没有)(?:我的|我们的)?(?:订单|单子|货)(?:记录)?|没有我的货",
    r"\b(?:the )?(?:whole|entire|complete) (?:order|delivery|shipment|consignment|pallet)\b"
    + _WORDS
    + r"{0,30}\b(?:wrong|missing|mixed|not|never|someone)",
    r"\b(?:everything|all of it|all items|the lot) (?:was|is|were) (?:wrong|missing)\b|\bonly (?:received|got|delivered) \d+",
    r"\bpedido (?:entero|completo|incompleto) |\bllego incompleto\b|\bpedido incompleto\b|\bfaltan \d+ (?:cajas|kilos|bultos|pallets)",
)
_rule(
    "missing",
    "wrong_place_or_signer",
    2.0,
    r"签(?:收|字)"
    + _STOP
    + r"{0,20}(?:是谁|不认识|没有(?:姓|这个人|叫|此人)|根本没有|不是我们)",
    r"(?:不认识|陌生|不明)的?人签(?:收|了)|被"
    + _STOP
    + r"{0,8}签收(?:了|在)|谁签(?:收|的|了)|(?:显示|写着)(?:已)?签收"
    + _STOP
    + r"{0,12}(?:没|没有|没人)(?:收到|见到|看到)",
    r"(?:送|卸|放|拉|运|发)(?:到|在|去)了?"
    + _STOP
    + r"{0,10}(?:隔壁|别的|其他|老店|旧店|总仓|错|对面|干货库|别人)",
    r"送错(?:地方|地址|门店|店|了地方|仓)|(?:地址|门店|仓库)(?:送|发)?错了?",
    r"\bsigned (?:for )?by (?:someone|somebody|a stranger|an unknown)|\bno(?:body| one) (?:by|with|called) (?:that|this) name\b",
    r"\bwrong (?:consignee|warehouse|store|address|location|place|branch|site|kitchen|dock|port)\b",
    r"\b(?:went|delivered|sent|dropped|unloaded|left) (?:\w+ )?(?:to|at) (?:the wrong|our competitor|another|a different)\b",
    r"\b(?:tienda|bodega|direccion|sucursal|almacen|local) equivocad|\bfirmo (?:alguien|una persona)|\bnadie (?:con ese nombre|lo recibio)",
)

# -- ordering system failures ---------------------------------------------------
_SYSTEM_OBJ = (
    r"(?:小程序|系统|app|平台|页面|账号|账户|网站|后台|订货|下单|portal|website|system|platform|"
    r"account|sistema|plataforma|aplicacion|pagina|cuenta)"
)
_SYSTEM_FAIL = (
    r"(?:登不|登录不|打不开|进不去|下不了|提交不了|转圈|崩|繁忙|报错|被锁|锁了|冻结|卡在|卡住|闪退"
    r"|已取消|取消了|待审核|待配货|无法|出错|故障|down|timing out|times out|timed out|logging me out|"
    r"logs me out|crash|error|not working|won'?t (?:load|let)|no me deja|caid|no funciona|no carga|bloquead)"
)
_rule(
    "system",
    "ordering_system",
    1.0,
    _SYSTEM_OBJ + _STOP + r"{0,16}" + _SYSTEM_FAIL,
    r"下不了单|无法下单|下单下不了|提交不了(?:订单)?|单(?:子)?下不了",
    r"\b(?:can'?t|cannot|unable to|couldn'?t) (?:submit|place|confirm|log ?in|login|access)\b",
    r"\bno (?:puedo|podemos|me deja) (?:confirmar|hacer|enviar|entrar|pedir)",
)

# -- money disputes --------------------------------------------------------------
_rule(
    "money",
    "charge_dispute",
    1.0,
    r"重复(?:扣款|收费|扣费|付款|扣)|(?:扣|收|付)了?(?:两|二|2)次|多(?:扣|收)了?|乱收费",
    r"(?:钱|款|货款)(?:早|早就|已经|上周|上个月)?(?:就)?(?:付|转|打|交)(?:清)?了"
    + _STOP
    + r"{0,20}(?:冻结|欠|催|没|怎么|却|还)",
    r"(?:没|未)(?:收到|到)(?:的)?货"
    + _STOP
    + r"{0,8}(?:扣|收|算|付|开票|发票)|(?:收|扣|算)了?(?:钱|款)"
    + _STOP
    + r"{0,8}(?:没|未)(?:收到|到|送)",
    r"货(?:还|都)?(?:没|未)(?:收到|到|见着|见到|送到?)"
    + _STOP
    + r"{0,8}(?:钱|款)(?:先|就|都|倒是|已经)?(?:扣|付|收|划)",
    r"(?:暂停|停止|拒绝|拒)(?:支付|付款|结算)|拒付|(?:不|没法)(?:付|结)(?:款|账|钱)|付不了|违约",
    r"\b(?:charged|billed|debited) (?:us )?(?:twice|two times|double)\b|\bdouble[- ]?(?:charged|billed|charge)\b",
    r"\b(?:bills?|billed|charg(?:ed|es|ing)|invoiced?) (?:us )?for "
    + _WORDS
    + r"{0,40}\b(?:only|never|not|didn'?t)\b",
    r"\bwithhold(?:ing)? (?:the )?payment\b|\b(?:won'?t|will not|refuse to) pay\b|\bovercharg",
    r"\bcobr(?:aron|an|o) (?:dos veces|doble|de mas|2 veces)|\bdoble cobro\b|\bno (?:vamos a )?pag(?:ar|aremos)\b",
)
_rule(
    "money",
    "billing_mismatch",
    1.0,
    r"(?:发票|账单|对账单|结算单|单价|报价|合同价|结算价?|金额)"
    + _STOP
    + r"{0,14}(?:错|有误|不对|不一致|不符|对不上|没开|还没开|差额|差了|多了|变成)|多算",
    r"\binvoice"
    + _WORDS
    + r"{0,40}\b(?:wrong|incorrect|error|mistake|shows|doesn'?t match|does not match)\b|\bcorrected invoice\b|\bcredit note\b",
    r"\bfactura"
    + _WORDS
    + r"{0,40}(?:equivocad|incorrect|mal|no coincide|cobra)|\bnota de credito\b",
)

# -- switching supplier described ("我就上别家拿货", "go to another wholesaler") --
_rule(
    "threat",
    "switch_supplier",
    1.0,
    r"(?:上|去|到|找|换)"
    + _STOP
    + r"{0,6}(?:那|那儿|那里|家|别家|别人家)(?:拿货|进货|订货|订|买|拿)|不(?:进|拿|订|要)你(?:们)?家(?:的)?(?:货)?了?|(?:没必要|不必|不用)(?:再)?续(?:约|签|了)?|换家了?|退单|今天不要了|(?:这单|这批|货)(?:我)?不要了",
    r"\b(?:switch(?:ing)?|chang(?:e|ing)|find(?:ing)?|mov(?:e|ing) to) (?:\w+ )?(?:supplier|vendor|wholesaler)s?\b|\bgo(?:ing)? (?:to|with) (?:another|a different|someone else)\b|\bbuy(?:ing)? (?:from|elsewhere)\b",
    r"\b(?:otro|otra) (?:proveedor|mayorista|distribuidor)\b|\bcompr(?:ar|amos|aremos) (?:en )?otro lado\b",
)

# -- deadlines and time pressure --------------------------------------------------
_rule(
    "today",
    "deadline",
    1.0,
    _DAY_ZH
    + r"(?:之?前|以前|内)|"
    + _NUM
    + r"[日号](?:之?前|以前)|月底(?:前)?|关账|报账|逾期|截止|下班前|今天之?内|今日内|当天内|"
    + _NUM
    + r"(?:个)?(?:小时|钟头)(?:之?内|后)",
    r"\b(?:by|before|no later than|until) "
    + _DAY_EN
    + r"\b|\bdeadline\b|\bwithin (?:\w+ )?(?:hours?|the day)\b",
    r"\b(?:antes del?|para el|a mas tardar el) " + _DAY_ES + r"\b|\bplazo\b",
)

# -- insistence: the writer demands it (必须今晚到, 别出岔子, asap, urgente) --
_rule(
    "today",
    "insist",
    1.0,
    r"必须|务必|一定要|千万要?|别出岔子|不能再晚|不能耽误|耽误不起|急用|急需|十万火急|紧急|加急|火速|立刻|立即|马上",
    r"\b(?:asap|urgent(?:ly)?|immediately|right away|must (?:be|arrive|have)|without fail|top priority|critical)\b",
    r"\b(?:urgente|urge|inmediato|inmediatamente|cuanto antes|sin falta|hoy mismo)\b",
)

# -- repeated or unresolved failures ------------------------------------------------
_rule(
    "repeat",
    "unresolved",
    1.0,
    r"每(?:回|次)都(?:说|是|这样|得催|要催|得打电话|要打电话)|不催就不|三天两头|隔三差五|又一样|又是这样|还是老样子|这都第|第几(?:回|次)|一次比一次",
    r"(?:一周|一个?礼拜|一个?星期|"
    + _NUM
    + r"(?:天|周|个星期|个礼拜|个月))(?:了)?"
    + _STOP
    + r"{0,8}(?:没人|没有任何人|无人|都没人|还没人|没有人|没)(?:回复|理|回|处理|答复|管|跟进|联系)",
    r"(?:没人|无人|没有人)(?:理|回复|回|管|跟进|答复|接)(?:我们)?"
    + _STOP
    + r"{0,4}(?:了|过)?"
    + _STOP
    + r"{0,6}(?:一周|天|周|次|遍)|@了"
    + _STOP
    + r"{0,4}(?:天|次|遍)",
    r"连续"
    + _NUM
    + r"(?:次|周|天|个月|回|单)|(?:上周|上次|前天|之前|上个月|"
    + _NUM
    + r"天前)"
    + _STOP
    + r"{0,10}(?:反映|反馈|投诉|报|说|提)(?:过|了)?"
    + _STOP
    + r"{0,20}(?:到现在|至今|还是|还没|没人|没有任何|没有回|一直)",
    r"\b(?:second|third|fourth|fifth|sixth|\d+(?:nd|rd|th)) (?:\w+ )?(?:late |wrong |short |missing )?(?:delivery|deliveries|order|shipment|complaint|case|invoice) (?:this|in a row|running)\b|\bone more time\b|\bagain and again\b",
    r"\b(?:every|each) time (?:you|they|we)\b|\bignored (?:\d+|two|three|four|five|several|my|our)\b|\bno(?:body| one) (?:answers|responds|replied|has replied|got back|called back)\b",
    r"\b(?:\d+|two|three|four|five|several) (?:emails|calls|messages|reminders)\b|\bstill (?:no|waiting|not)\b"
    + _WORDS
    + r"{0,30}\b(?:week|days|reply|answer|response)",
    r"\bhace (?:dos|tres|una|\d+) semanas?\b|\bnadie (?:responde|contesta|nos aviso|nos dice)\b|\bsin respuesta\b|\bsi esto sigue\b",
)

# -- public pressure --------------------------------------------------------------
_rule(
    "public",
    "public_pressure",
    1.0,
    r"朋友圈|家长群|业主群|小红书|大众点评|点评网|抖音|微博|发帖|差评|曝光|(?:行业|消费者)?协会|媒体|记者|12315|消协|网上|热搜|截图"
    + _STOP
    + r"{0,6}(?:群|发|说)",
    r"\b(?:posted|post|posting|wrote|left) (?:a |an )?(?:\w+ )?(?:review|post|comment)|\breview on\b|\bdianping\b|\bsocial media\b|\btrade association\b|\b(?:the )?press\b|\bjournalist\b|\btripadvisor\b|\bgoogle reviews?\b",
    r"\bresena\b|\bredes sociales\b|\basociacion\b|\bprofeco\b|\bpublic(?:ar|amos|o) en\b",
)

# -- spoilage described in words (en / es / zh descriptions, cold chain broken) ----
_rule(
    "spoilage",
    "spoilage_described",
    1.0,
    r"冷(?:机|链|柜|藏)"
    + _STOP
    + r"{0,4}(?:没开|断|坏了|没制冷|不制冷)|摸着"
    + _STOP
    + r"{0,3}热|(?:变|发)褐|褐变|发酸|酸味|爛|黴|變質|汁水流",
    r"\b(?:smell(?:s|ed|ing)?|stink(?:s|ing)?|tast(?:es|ed|ing)) (?:\w+ )?(?:sour|off|bad|rotten|like (?:a )?(?:sewer|vinegar|alcohol|chemicals?))\b|\b(?:black|brown|mushy|sticky|slimy|watery) (?:\w+ )?inside\b",
    r"\b(?:turned|gone|going|went) (?:brown|black|soft|mushy|bad)\b|\bstomach (?:issues|problems|upset|pain)\b|\b(?:layer|spots?|patches) of (?:mou?ld|fungus)\b",
    r"\b(?:huel(?:e|en)|olia|sabe|saben) (?:a )?(?:agrio|podrido|mal|raro)|\b(?:se )?(?:echaron|echo) a perder\b|\bnegr[oa]s? por dentro\b|\bblandas? y\b",
)


def scan(norm, text):
    """Evidence items (dicts) of the concept patterns found in ``norm``."""
    items = []
    cjk = _CJK.search(norm) is not None
    latin = _LATIN.search(norm) is not None
    for tag, name, weight, cjk_pattern, latin_pattern in _RULES:
        # (Pattern.search inlined: this loop runs for every text)
        found = None
        if cjk and cjk_pattern is not None:
            found = cjk_pattern.regex.search(norm)
            group = cjk_pattern.group
        if found is None and latin and latin_pattern is not None:
            found = latin_pattern.regex.search(norm)
            group = latin_pattern.group
        if found is not None:
            items.append(_item(text, found.span(group), name, tag, weight))
    events = [
        found
        for found in (
            cjk and _EVENT[0].search(norm),
            latin and _EVENT[1].search(norm),
        )
        if found
    ]
    if events and (
        (cjk and _SOON[0].search(norm)) or (latin and _SOON[1].search(norm))
    ):
        items.append(_item(text, min(events), "event_soon", "impact", 1.0))
    return items


_CJK = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile("[a-z]{2}")


def _item(text, found, name, tag, weight):
    start, end = found
    return {
        "rule": name,
        "term": text[start:end],
        "kind": "urgency",
        "tag": tag,
        "weight": weight,
        "span": [start, end],
    }
