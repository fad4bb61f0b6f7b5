# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Write ``addons/wx_nlp/data/trainset.csv``: labelled in-domain training text.

Every message is composed from the phrase tables below, which the team wrote
for this purpose (no third-party text). The labels follow from the parts that
were combined: a spoilage clause makes the urgency high, a praise clause after
a complaint joined by "but" makes the message positive, and so on. The output
is reproducible (fixed seed) and never contains a text of the development set
(checked after normalisation), so the development set stays held out.

    .venv/bin/python scripts/nlp/make_trainset.py
"""

import argparse
import csv
import random
import unicodedata
from pathlib import Path

from consumer_reviews import generate_reviews

DATA = Path(__file__).resolve().parents[2] / "addons" / "wx_nlp" / "data"
SEED = 20261126
REVIEWS = 4500  # consumer-style fruit reviews appended (consumer_reviews.py)
HEADER = ["id", "lang", "text", "sentiment", "urgency", "categories"]

ZH_FRUITS = [
    "草莓",
    "蓝莓",
    "车厘子",
    "樱桃",
    "榴莲",
    "芒果",
    "香蕉",
    "菠萝",
    "凤梨",
    "火龙果",
    "荔枝",
    "龙眼",
    "葡萄",
    "阳光玫瑰",
    "青提",
    "红提",
    "脐橙",
    "沃柑",
    "耙耙柑",
    "砂糖橘",
    "柚子",
    "柠檬",
    "哈密瓜",
    "西瓜",
    "网纹瓜",
    "水蜜桃",
    "黄桃",
    "西梅",
    "猕猴桃",
    "奇异果",
    "牛油果",
    "山竹",
    "苹果",
    "雪梨",
    "香梨",
    "杨梅",
    "枇杷",
    "椰子",
    "百香果",
    "石榴",
    "柿子",
    "冬枣",
    "李子",
    "木瓜",
    "菠萝蜜",
    "释迦",
    "桑葚",
    "杏",
    "油桃",
    "芭乐",
    "莲雾",
    "蜜瓜",
    "甘蔗",
    "金桔",
]
ZH_STORES = [
    "城东店",
    "二号仓",
    "食堂",
    "后厨",
    "门店",
    "总店",
    "分店",
    "超市",
    "果切间",
    "茶饮店",
    "酒店",
    "学校食堂",
    "工厂食堂",
    "火锅店",
    "烘焙店",
    "西餐厅",
    "便利店",
    "社区店",
]
ZH_OPENERS = [
    "",
    "",
    "",
    "你好，",
    "老板，",
    "麻烦看一下，",
    "跟你们反映一下，",
    "{store}这边，",
    "我是{store}的，",
    "{store}反馈：",
    "李经理，",
    "说一下今天的情况，",
    "您好，",
]

# (text, urgency) — negative clauses about one category.
ZH_NEG = {
    "freshness": [
        ("{f}不够甜", "normal"),
        ("{f}偏酸，口感一般", "normal"),
        ("{f}太生了，还得放几天", "normal"),
        ("{f}熟过头了", "normal"),
        ("{f}个头比订的小", "normal"),
        ("{f}有不少磕碰", "normal"),
        ("{f}不太新鲜", "normal"),
        ("{f}水分很少", "normal"),
        ("{f}有点蔫了", "normal"),
        ("{f}表皮斑点很多", "normal"),
        ("{f}品相不好，卖不动", "normal"),
        ("{f}大小很不均匀", "normal"),
        ("{f}吃起来没味道", "normal"),
        ("{f}硬得咬不动", "normal"),
        ("{f}软塌塌的", "normal"),
        ("{f}果肉发干", "normal"),
        ("{f}比上一批差多了", "normal"),
        ("{f}有些压伤", "normal"),
        ("{f}口感发面", "normal"),
        ("{f}涩得很", "normal"),
        ("{f}有好几个开裂", "normal"),
        ("{f}颜色发暗", "normal"),
        ("{f}烂了{n}个", "high"),
        ("有{n}箱{f}发霉了", "high"),
        ("打开箱子{f}全烂掉了", "high"),
        ("{f}已经变质，有股怪味", "high"),
        ("{f}里面吃出了虫子", "high"),
        ("{f}长霉了", "high"),
        ("{f}腐烂得很严重", "high"),
        ("一半的{f}是坏的", "high"),
        ("{f}表面一层霉斑", "high"),
        ("{f}流汤发臭了", "high"),
        ("{f}坏得没法要了", "high"),
        ("{f}有很重的异味", "high"),
        ("{f}里有小虫在爬", "high"),
        ("吃了{f}以后好几个人拉肚子", "high"),
        ("{f}疑似农残超标", "high"),
        ("{f}烂心了", "high"),
        ("{f}发酵有酒味了", "high"),
        ("{f}全是虫眼", "high"),
        ("{f}馊了", "high"),
        ("{f}霉烂了不少", "high"),
        ("{f}放了一天就坏掉了", "high"),
        ("{f}有好几个霉变的", "high"),
        ("{f}表面长了一层绿毛", "high"),
        ("{f}切开心是黑的", "high"),
        ("{f}闻着有股酒精味", "high"),
        ("{f}已经变味了", "high"),
        ("{f}里面全是黑的", "high"),
        ("员工吃了{f}上吐下泻", "high"),
    ],
    "delivery": [
        ("今天晚到了半个多小时", "normal"),
        ("送货又拖到快中午", "normal"),
        ("配送时间一点都不固定", "normal"),
        ("司机{t}才到", "normal"),
        ("到货比约好的时间晚", "normal"),
        ("送货实在太慢", "normal"),
        ("司机不肯帮忙卸货", "normal"),
        ("货卸在门口人就走了", "normal"),
        ("送货师傅态度很差", "normal"),
        ("物流太拖拉", "normal"),
        ("车上冷机没开", "normal"),
        ("司机没打招呼就来了，没人签收", "normal"),
        ("送到了错的门店", "normal"),
        ("配送延误也不通知", "normal"),
        ("货到现在还没送来", "normal"),
        ("{t}了车还没到", "normal"),
    ],
    "order": [
        ("少了{n}箱{f}", "normal"),
        ("{f}发错了品种", "normal"),
        ("规格跟订单不一样", "normal"),
        ("数量和单子对不上", "normal"),
        ("多送了{n}箱{f}", "normal"),
        ("漏了一箱{f}", "normal"),
        ("订单备注没有照做", "normal"),
        ("下单后一直没确认", "normal"),
        ("改过的订单没生效", "normal"),
        ("发票抬头写错", "normal"),
        ("送来的{f}不是我们订的产地", "normal"),
        ("缺货了也没人提前说", "normal"),
    ],
    "weight": [
        ("{f}缺斤少两", "normal"),
        ("每箱少了{n}斤", "normal"),
        ("重量明显不够", "normal"),
        ("净重不足", "normal"),
        ("称出来分量不对", "normal"),
        ("分量少了不少", "normal"),
        ("标重和实际重量差很多", "normal"),
        ("连箱子一起算重量", "normal"),
        ("{f}短秤{n}斤", "normal"),
    ],
    "packaging": [
        ("箱子破了好几个", "normal"),
        ("包装太简单", "normal"),
        ("纸箱被压扁了", "normal"),
        ("没放冰袋", "normal"),
        ("泡沫箱碎了", "normal"),
        ("箱子上没贴标签", "normal"),
        ("网套没套全", "normal"),
        ("封箱带都开了", "normal"),
        ("盒子漏水了", "normal"),
        ("包装箱潮湿发软", "normal"),
        ("外箱印错了品名", "normal"),
    ],
    "service": [
        ("客服不理人", "normal"),
        ("打电话一直没人接", "normal"),
        ("业务员消息不回", "normal"),
        ("问题处理得太慢", "normal"),
        ("售后互相推诿", "normal"),
        ("客服态度很差", "normal"),
        ("反映的问题没人跟进", "normal"),
        ("回复很敷衍", "normal"),
        ("售后流程太繁琐", "normal"),
        ("说好回电话结果没回", "normal"),
    ],
    "price": [
        ("价格太贵了", "normal"),
        ("又涨价了", "normal"),
        ("多收了我们的钱", "normal"),
        ("单价算错了", "normal"),
        ("报价前后不一致", "normal"),
        ("说好的优惠没兑现", "normal"),
        ("运费另外收费", "normal"),
        ("比批发市场贵不少", "normal"),
        ("账单金额不对", "normal"),
    ],
    "other": [
        ("太让人失望了", "normal"),
        ("越来越差了", "normal"),
        ("很不满意", "normal"),
        ("体验很糟糕", "normal"),
        ("真的很差劲", "normal"),
    ],
}

ZH_POS = {
    "freshness": [
        "{f}很新鲜",
        "{f}特别甜",
        "{f}口感非常好",
        "{f}个头很均匀",
        "{f}品相漂亮",
        "{f}汁水很足",
        "{f}熟度刚好",
        "{f}又脆又甜",
        "{f}香味很浓",
        "{f}质量一直稳定",
        "{f}顾客都夸好吃",
        "{f}卖得很快",
        "{f}没有一个坏的",
        "{f}一个烂的都没有",
        "{f}完全没有发霉",
        "{f}没有磕碰",
        "{f}一点异味都没有",
        "{f}果肉饱满",
        "{f}比别家的好",
        "{f}很好吃",
    ],
    "delivery": [
        "送货很准时",
        "配送速度快",
        "司机很负责",
        "每次都按时送到",
        "冷链做得好",
        "今天提前送到了",
        "司机帮我们把货搬进仓库",
        "物流很给力",
        "一次都没迟到过",
        "到货时间很稳定",
    ],
    "order": [
        "订单从来没出过错",
        "下单很方便",
        "数量一点不差",
        "补货很及时",
        "规格都对",
    ],
    "weight": [
        "分量很足",
        "称重很准",
        "重量一点没少",
        "每箱还多给了一些",
    ],
    "packaging": [
        "包装很结实",
        "包装很仔细",
        "冰袋放得很足",
        "包装很专业",
        "箱子完好无损",
        "包装没有一点破损",
    ],
    "service": [
        "客服很耐心",
        "处理问题很及时",
        "业务员很专业",
        "服务很周到",
        "售后很负责",
        "回复很快",
        "有问题当天就解决了",
    ],
    "price": [
        "价格实惠",
        "性价比很高",
        "价格公道",
        "比别家便宜",
        "价格一直很稳",
    ],
    "other": [
        "合作很愉快",
        "一直很满意",
        "继续合作",
        "谢谢你们",
        "辛苦了",
        "值得信赖",
        "给你们点个赞",
        "非常满意",
    ],
}

# (text, categories) neutral messages: questions, requests, information, suggestions.
ZH_NEU = [
    ("请问{f}今天有货吗", "order"),
    ("{f}现在什么价", "price"),
    ("明天大概几点能送到", "delivery"),
    ("可以开专票吗", "order"),
    ("新店怎么下单", "order"),
    ("{f}有没有小一点的规格", "order"),
    ("周末能送货吗", "delivery"),
    ("{f}怎么保存比较好", "freshness"),
    ("最低起订量是多少", "order"),
    ("明天加{n}箱{f}", "order"),
    ("帮我把订单改成{n}箱{f}", "order"),
    ("这周六暂停送货", "delivery"),
    ("请发一下本月对账单", "order"),
    ("下周换个送货地址，回头发给你们", "delivery"),
    ("货收到了", "other"),
    ("已签收", "other"),
    ("数量核对过了", "order"),
    ("单据已经拍照发群里", "other"),
    ("我们下周盘点", "other"),
    ("建议多放点冰袋", "packaging"),
    ("希望能提前通知到货时间", "delivery"),
    ("建议增加小包装", "packaging"),
    ("如果能送到后门就更好了", "delivery"),
    ("可以考虑做个老客户价", "price"),
    ("{f}什么时候上市", "order"),
    ("有{f}的检测报告吗", "order"),
    ("下个月起每周送三次", "delivery"),
    ("{f}是哪里产的", "order"),
    ("能不能按个卖{f}", "order"),
    ("价格含不含税", "price"),
    ("明天的单跟今天一样", "order"),
    ("{f}需要提前几天订", "order"),
    ("想了解一下{f}的报价", "price"),
    ("希望箱子上标明产地", "packaging"),
    ("建议出一个周订单的功能", "order"),
    ("能安排固定司机吗", "delivery"),
    ("{f}到了要不要催熟", "freshness"),
    ("新来的采购小周以后负责下单", "other"),
    ("节前需要做一批礼盒", "order"),
    ("一般", "other"),
    ("还可以吧", "other"),
    ("中规中矩", "other"),
    ("收到了，先这样", "other"),
]

# Goods missing, wrong or not arrived: with time pressure they block the buyer.
ZH_MISSING = [
    ("少了{n}箱{f}", "order"),
    ("{f}发错了品种", "order"),
    ("漏了一箱{f}", "order"),
    ("送来的{f}不是我们订的", "order"),
    ("整单都没送", "order"),
    ("{f}一箱都没到", "order"),
    ("货到现在还没送来", "delivery"),
    ("{t}了车还没到", "delivery"),
    ("货送到别的门店去了", "delivery"),
    ("订的是{f}，送来的却是别的", "order"),
    ("送来的{f}跟订的规格不一样", "order"),
    ("{f}到现在还没送来", "delivery"),
]
EN_MISSING = [
    ("{n} cases of {f} are missing", "order"),
    ("you sent the wrong {f}", "order"),
    ("half the order never arrived", "order"),
    ("the goods still haven't arrived", "delivery"),
    ("the delivery went to the wrong store", "delivery"),
]
ES_MISSING = [
    ("faltan {n} cajas de {b}", "order"),
    ("nos mandaron {f} equivocadas", "order"),
    ("el pedido todavía no llega", "delivery"),
    ("el pedido no ha llegado", "delivery"),
]
ZH_TODAY = [
    "，店里等着用",
    "，马上就开门了",
    "，中午就要用",
    "，今天活动要用",
    "，急！",
    "，今晚宴会要用的",
    "，货架还空着",
    "，今天必须补过来",
    "，食堂等着做饭",
]
ZH_THREAT = [
    "，我们要退款",
    "，要求退货",
    "，要求赔偿",
    "，再这样就不订了",
    "，考虑换供应商了",
    "，准备投诉到12315",
    "，不处理就发网上曝光",
    "，下周起停止合作",
    "，我要找你们领导投诉",
    "，会向市场监管部门反映",
    "，这批全部退回",
    "，这单全部给我退了",
    "，这批货我们拒收",
    "，再这样就不跟你们合作了",
    "，以后不在你们家订了",
    "，下次不会再找你们了",
    "，我们准备换别家了",
    "，我会发朋友圈曝光",
]
ZH_REPEAT = [
    "这已经是第{k}次了，",
    "反映过多次还是没解决，",
    "上次说改结果还是一样，",
    "说了好几遍了，",
    "同样的问题第{k}回了，",
    "一直没人处理，",
    "连续几天都这样，",
    "说了多少次了，",
    "已经催了三次，",
    "这不是第一次了，",
    "反映过好几遍了，到现在还没有处理，",
]
ZH_SARCASM = [
    "呵呵，{c}",
    "真是太“棒”了，{c}",
    "{c}，真行啊",
    "谢谢你们啊，{c}",
    "厉害了，{c}",
    "服了，{c}",
    "{c}，佩服佩服",
    "{c}，干得漂亮",
    "真是好样的，{c}",
]
ZH_CONTRAST_NEG = ["但是", "可是", "不过", "就是", "只是", "可惜", "然而"]
ZH_NEG_EMOJI = ["😡", "😠", "👎", "😤", "🙄", "😞", "😭", "🤬", "💢"]
ZH_POS_EMOJI = ["👍", "😊", "😄", "❤️", "🥰", "👏", "💯", "🌹", "😀"]
ZH_SHORT = [
    ("挺好", "pos", "low", "other"),
    ("真不错", "pos", "low", "other"),
    ("很棒", "pos", "low", "other"),
    ("棒棒的", "pos", "low", "other"),
    ("好评！", "pos", "low", "other"),
    ("满分", "pos", "low", "other"),
    ("差劲", "neg", "normal", "other"),
    ("太烂了", "neg", "normal", "other"),
    ("很差", "neg", "normal", "other"),
    ("不行", "neg", "normal", "other"),
    ("不好", "neg", "normal", "other"),
    ("失望透顶", "neg", "normal", "other"),
    ("凑合", "neu", "low", "other"),
    ("马马虎虎", "neu", "low", "other"),
    ("收到，谢谢", "pos", "low", "other"),
    ("已收", "neu", "low", "other"),
    ("好的", "neu", "low", "other"),
    ("明白", "neu", "low", "other"),
    ("嗯嗯", "neu", "low", "other"),
    ("？", "neu", "low", "other"),
    ("真甜", "pos", "low", "freshness"),
    ("不甜", "neg", "normal", "freshness"),
    ("坏了", "neg", "high", "freshness"),
    ("长毛了", "neg", "high", "freshness"),
    ("晚了", "neg", "normal", "delivery"),
    ("准时", "pos", "low", "delivery"),
    ("短秤", "neg", "normal", "weight"),
    ("贵了", "neg", "normal", "price"),
    ("划算", "pos", "low", "price"),
    ("箱子烂了", "neg", "normal", "packaging"),
]

# Consumer-style product reviews (some buyers write like shoppers), zh only.
ZH_REVIEW_POS = [
    ("收到{f}很满意，家里人都说好吃", "freshness"),
    ("果子个头大，甜度高，下次还来买", "freshness"),
    ("第二次买了，还是一样新鲜", "freshness"),
    ("物流挺快的，隔天就到了", "delivery"),
    ("包装很严实，一个都没压坏", "packaging"),
    ("味道很正，汁水也多", "freshness"),
    ("性价比不错，比超市便宜", "price"),
    ("给老人买的，说很甜很软", "freshness"),
    ("宝贝收到了，跟描述一样", "other"),
    ("果肉细腻，香味浓", "freshness"),
    ("分量很足，还多送了几个", "weight"),
    ("卖家服务态度好，有问必答", "service"),
    ("冷链配送，到手还是凉的", "delivery"),
    ("每个都用泡沫网套包着，很用心", "packaging"),
    ("孩子特别爱吃，已经回购了", "freshness"),
    ("颜值高口感好，推荐", "freshness"),
    ("这个价格能买到这么好的{f}，值了", "price"),
    ("熟度刚好，买回来就能吃", "freshness"),
    ("比上次买的还要好", "freshness"),
    ("总体很满意，会继续关注", "other"),
]
ZH_REVIEW_NEG = [
    ("收到就烂了好几个，太失望了", "freshness", "high"),
    ("{f}又小又酸，跟图片差太多", "freshness", "normal"),
    ("快递太慢，到手都捂坏了", "delivery|freshness", "high"),
    ("个头太小，根本不值这个价", "freshness|price", "normal"),
    ("客服一直不回复，以后不会再买了", "service", "normal"),
    ("坏果太多，申请售后也没人管", "freshness|service", "high"),
    ("吃起来一点都不甜，也没水分", "freshness", "normal"),
    ("全是小果，分量也不够", "freshness|weight", "normal"),
    ("包装太简陋，压坏了一半", "packaging", "normal"),
    ("买了两次，一次比一次差", "other", "normal"),
    ("和描述完全不符，差评", "other", "normal"),
    ("有一股怪味，直接扔了", "freshness", "high"),
    ("一半都是软的，有的还发黑", "freshness", "high"),
    ("外表好看，切开里面是坏的", "freshness", "high"),
    ("称了一下少了快一斤", "weight", "normal"),
    ("发货太慢，等了一个星期", "delivery", "normal"),
    ("皮厚肉少，口感很差", "freshness", "normal"),
    ("又干又涩，难吃", "freshness", "normal"),
    ("说是产地直发，吃着像冷库里放了很久的", "freshness", "normal"),
    ("不会再回购了，浪费钱", "price", "normal"),
    ("申请退款，这种质量也好意思卖", "freshness", "high"),
    ("打开箱子一股酒味，全发酵了", "freshness", "high"),
]

EN_FRUITS = [
    "strawberries",
    "blueberries",
    "cherries",
    "durians",
    "mangoes",
    "bananas",
    "pineapples",
    "dragon fruit",
    "lychees",
    "longans",
    "grapes",
    "oranges",
    "mandarins",
    "pomelos",
    "lemons",
    "limes",
    "melons",
    "watermelons",
    "peaches",
    "nectarines",
    "plums",
    "kiwis",
    "avocados",
    "mangosteens",
    "apples",
    "pears",
    "papayas",
    "coconuts",
    "passion fruit",
    "pomegranates",
    "persimmons",
    "apricots",
    "figs",
]
EN_OPENERS = ["", "", "", "Hi, ", "Hello team, ", "Quick note: ", "FYI, ", "Dear all, "]
EN_NEG = {
    "freshness": [
        ("the {f} are not sweet", "normal"),
        ("the {f} are too sour", "normal"),
        ("the {f} are unripe", "normal"),
        ("the {f} are overripe", "normal"),
        ("the {f} are bruised", "normal"),
        ("the {f} are not fresh", "normal"),
        ("the {f} are dry and tasteless", "normal"),
        ("the {f} look tired", "normal"),
        ("the {f} were not fresh at all", "normal"),
        ("the {f} are not sweet at all", "normal"),
        ("the {f} were not ripe at all", "normal"),
        ("the {f} are far too small", "normal"),
        ("the quality of the {f} has dropped", "normal"),
        ("the {f} are soft and mushy", "normal"),
        ("{n} of the {f} were rotten", "high"),
        ("the {f} are covered in mould", "high"),
        ("the {f} have gone bad and smell awful", "high"),
        ("we found insects in the {f}", "high"),
        ("the {f} are moldy", "high"),
        ("the {f} are spoiled", "high"),
        ("staff got sick after eating the {f}", "high"),
        ("the {f} went off and smell bad", "high"),
        ("the {f} are black inside", "high"),
        ("we found a worm in the {f}", "high"),
        ("the {f} have a strange chemical smell", "high"),
        ("half the {f} are decayed", "high"),
    ],
    "delivery": [
        ("the delivery was late again", "normal"),
        ("the driver arrived two hours late", "normal"),
        ("delivery times are unpredictable", "normal"),
        ("the truck came without any notice", "normal"),
        ("the driver left the boxes outside", "normal"),
        ("the cold chain was broken", "normal"),
        ("the driver was rude", "normal"),
        ("the delivery went to the wrong store", "normal"),
        ("the goods still haven't arrived", "normal"),
    ],
    "order": [
        ("{n} cases of {f} are missing", "normal"),
        ("you sent the wrong {f}", "normal"),
        ("the quantities don't match the order", "normal"),
        ("the order notes were ignored", "normal"),
        ("we were sent the wrong size", "normal"),
        ("the invoice has the wrong company name", "normal"),
        ("our order change was not applied", "normal"),
    ],
    "weight": [
        ("each box is short by {n} kg", "normal"),
        ("the net weight is wrong", "normal"),
        ("the weight is way below the label", "normal"),
        ("you weighed the {f} with the box", "normal"),
        ("the {f} were underweight", "normal"),
    ],
    "packaging": [
        ("the boxes were crushed", "normal"),
        ("there were no ice packs", "normal"),
        ("the packaging is too flimsy", "normal"),
        ("the cartons arrived torn", "normal"),
        ("the boxes had no labels", "normal"),
        ("the foam boxes were broken", "normal"),
    ],
    "service": [
        ("nobody answers the phone", "normal"),
        ("customer service never replies", "normal"),
        ("your rep ignored our messages", "normal"),
        ("the complaint is still not handled", "normal"),
        ("support was unhelpful", "normal"),
        ("the staff were impolite", "normal"),
    ],
    "price": [
        ("the price is too high", "normal"),
        ("you raised the price without notice", "normal"),
        ("we were overcharged", "normal"),
        ("the unit price on the invoice is wrong", "normal"),
        ("the promised discount never showed up", "normal"),
    ],
    "other": [
        ("very disappointing", "normal"),
        ("really poor service overall", "normal"),
        ("not happy at all", "normal"),
    ],
}
EN_POS = {
    "freshness": [
        "the {f} were very fresh",
        "the {f} were sweet and juicy",
        "the {f} were perfectly ripe",
        "lovely {f} this week",
        "customers loved the {f}",
        "the {f} were in great condition",
        "no rotten {f} at all",
        "not one bruised piece among the {f}",
        "the {f} tasted amazing",
    ],
    "delivery": [
        "the delivery was on time",
        "the driver was very helpful",
        "fast delivery as always",
        "the truck arrived early",
        "the cold chain was perfect",
    ],
    "order": ["the order was complete and correct", "ordering is easy"],
    "weight": ["the weight was spot on", "generous weights as usual"],
    "packaging": ["the packaging was excellent", "the boxes were well packed"],
    "service": [
        "your team was very responsive",
        "great customer service",
        "the issue was solved the same day",
    ],
    "price": ["fair prices", "good value for money"],
    "other": ["thanks a lot", "great job", "happy with everything", "keep it up"],
}
EN_NEU = [
    ("do you have {f} tomorrow?", "order"),
    ("what's the price of {f} this week?", "price"),
    ("what time is the delivery tomorrow?", "delivery"),
    ("please add {n} cases of {f} to the next order", "order"),
    ("can you change our order to {n} cases?", "order"),
    ("no delivery needed on Sunday", "delivery"),
    ("please send the monthly statement", "order"),
    ("goods received", "other"),
    ("signed for the delivery", "other"),
    ("suggestion: add more ice packs in summer", "packaging"),
    ("it would help to get an arrival time the day before", "delivery"),
    ("how should we store the {f}?", "freshness"),
    ("is VAT included in the price?", "price"),
    ("where are the {f} from?", "order"),
    ("our new buyer will place orders from now on", "other"),
    ("it was okay", "other"),
    ("average", "other"),
]
EN_TODAY = [
    " and we need them today",
    ", our shop opens in an hour",
    ", the lunch service depends on it",
    ", urgent!",
    ", the event is tonight",
]
EN_THREAT = [
    ". We want a refund",
    ". We demand compensation",
    ". We will stop ordering",
    ". We are switching suppliers",
    ". We will file a formal complaint",
    ". Please take it all back and refund us",
    ". We will take our business elsewhere",
    ". We are sending it all back",
]
EN_REPEAT = [
    "Third time this week: ",
    "We have reported this many times: ",
    "Still not fixed after several complaints: ",
    "Yet again, ",
    "How many times do we have to say it: ",
]
EN_CONTRAST = [" but ", ", however ", ", though "]
EN_SARCASM = ["Oh great, {c}.", "Wonderful, {c}. Thanks a lot", "Brilliant, {c} 🙄"]

ES_FRUITS = [
    "las fresas",
    "los arándanos",
    "las cerezas",
    "los mangos",
    "los plátanos",
    "las piñas",
    "los lichis",
    "las uvas",
    "las naranjas",
    "las mandarinas",
    "los limones",
    "los melones",
    "las sandías",
    "los melocotones",
    "las ciruelas",
    "los kiwis",
    "los aguacates",
    "las manzanas",
    "las peras",
    "las papayas",
    "los cocos",
    "las granadas",
    "los caquis",
    "los higos",
]
ES_OPENERS = ["", "", "Hola, ", "Buenos días, ", "Les escribo porque ", "Aviso: "]
ES_NEG = {
    "freshness": [
        ("{f} no están dulces", "normal"),
        ("{f} están muy ácidas", "normal"),
        ("{f} están verdes", "normal"),
        ("{f} están demasiado maduras", "normal"),
        ("{f} llegaron golpeadas", "normal"),
        ("{f} no son frescas", "normal"),
        ("{f} no están nada dulces", "normal"),
        ("{f} no estaban frescas para nada", "normal"),
        ("{f} están blandas", "normal"),
        ("la calidad de {f} ha bajado", "normal"),
        ("{f} son muy pequeñas", "normal"),
        ("{n} de {f} estaban podridas", "high"),
        ("{f} tienen moho", "high"),
        ("{f} huelen a podrido", "high"),
        ("encontramos bichos en {f}", "high"),
        ("{f} están en mal estado", "high"),
        ("{f} tienen un olor raro a químico", "high"),
        ("varios empleados se enfermaron con {f}", "high"),
        ("{f} llegaron podridas", "high"),
        ("{f} llegaron con moho", "high"),
        ("{f} se pudrieron en un día", "high"),
        ("{f} están echadas a perder", "high"),
        ("{f} tienen gusanos", "high"),
        ("{f} llegaron estropeadas", "normal"),
        ("{f} llegaron verdes", "normal"),
        ("{f} llegaron tarde", "normal"),
    ],
    "delivery": [
        ("la entrega llegó tarde otra vez", "normal"),
        ("el camión llegó con dos horas de retraso", "normal"),
        ("los horarios de entrega cambian cada día", "normal"),
        ("el conductor dejó las cajas en la calle", "normal"),
        ("se rompió la cadena de frío", "normal"),
        ("el repartidor fue maleducado", "normal"),
        ("el pedido todavía no llega", "normal"),
    ],
    "order": [
        ("faltan {n} cajas de {b}", "normal"),
        ("nos mandaron {f} equivocadas", "normal"),
        ("las cantidades no coinciden con el pedido", "normal"),
        ("no respetaron las notas del pedido", "normal"),
        ("el calibre no es el que pedimos", "normal"),
    ],
    "weight": [
        ("cada caja pesa {n} kilos menos", "normal"),
        ("el peso neto no es correcto", "normal"),
        ("pesaron {f} con la caja", "normal"),
        ("falta peso en {f}", "normal"),
    ],
    "packaging": [
        ("las cajas llegaron rotas", "normal"),
        ("no venía hielo en las cajas", "normal"),
        ("el embalaje es muy débil", "normal"),
        ("las cajas no tienen etiqueta", "normal"),
    ],
    "service": [
        ("nadie contesta el teléfono", "normal"),
        ("atención al cliente no responde", "normal"),
        ("el comercial ignora nuestros mensajes", "normal"),
        ("la reclamación sigue sin resolverse", "normal"),
    ],
    "price": [
        ("el precio es demasiado alto", "normal"),
        ("subieron el precio sin avisar", "normal"),
        ("nos cobraron de más", "normal"),
        ("el descuento prometido no aparece", "normal"),
    ],
    "other": [("muy decepcionante", "normal"), ("nada contentos", "normal")],
}
ES_POS = {
    "freshness": [
        "{f} estaban muy frescas",
        "{f} estaban dulces y jugosas",
        "{f} llegaron en su punto",
        "a los clientes les encantaron {f}",
        "ninguna de {f} venía podrida",
        "{f} de esta semana son excelentes",
    ],
    "delivery": [
        "la entrega fue puntual",
        "el conductor fue muy atento",
        "entrega rápida como siempre",
    ],
    "order": ["el pedido llegó completo y correcto"],
    "weight": ["el peso es exacto"],
    "packaging": ["el embalaje es excelente", "las cajas venían muy bien protegidas"],
    "service": ["el servicio es muy atento", "resolvieron el problema el mismo día"],
    "price": ["precios justos", "buena relación calidad precio"],
    "other": ["muchas gracias", "buen trabajo", "todo perfecto", "seguimos así"],
}
ES_NEU = [
    ("¿tienen {f} para mañana?", "order"),
    ("¿cuál es el precio de {f} esta semana?", "price"),
    ("¿a qué hora llega la entrega mañana?", "delivery"),
    ("por favor añadan {n} cajas de {b} al próximo pedido", "order"),
    ("el domingo no hace falta entregar", "delivery"),
    ("mercancía recibida", "other"),
    ("sugerencia: pongan más hielo en verano", "packaging"),
    ("¿cómo conservamos {f}?", "freshness"),
    ("¿el precio incluye IVA?", "price"),
    ("¿de dónde son {f}?", "order"),
    ("normal, sin más", "other"),
]
ES_TODAY = [
    " y las necesitamos hoy",
    ", abrimos en una hora",
    ", urgente",
    ", el evento es esta noche",
]
ES_THREAT = [
    ". Queremos un reembolso",
    ". Exigimos una compensación",
    ". Dejaremos de hacer pedidos",
    ". Vamos a cambiar de proveedor",
    ". Pondremos una reclamación formal",
    ". Si vuelve a pasar buscaremos otro proveedor",
    ". Devolvemos todo el pedido",
    ". Rechazamos la entrega",
]
ES_REPEAT = [
    "Es la tercera vez: ",
    "Lo hemos reclamado varias veces: ",
    "Sigue sin resolverse: ",
    "No es la primera vez: ",
    "Una y otra vez lo mismo: ",
]
ES_CONTRAST = [" pero ", ", sin embargo ", ", aunque "]
ES_SARCASM = ["Genial, {c}.", "Qué bien, {c} 🙄", "Perfecto, {c}. Gracias"]


# kind of message -> relative frequency (reviews: Chinese only)
MESSAGE_KINDS = {
    "neg": 16,
    "neg2": 8,
    "neg_today": 5,
    "neg_threat": 5,
    "neg_repeat": 5,
    "pos": 14,
    "pos2": 6,
    "neu": 16,
    "contrast_neg": 8,
    "contrast_pos": 5,
    "negated": 5,
    "sarcasm": 4,
    "short": 3,
    "review": 14,
}


def normalize(text):
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


class Composer:
    """Draws labelled messages for one language from its phrase tables."""

    def __init__(self, rng, lang):
        self.rng = rng
        self.lang = lang
        if lang == "zh":
            self.fruits, self.neg, self.pos, self.neu = (
                ZH_FRUITS,
                ZH_NEG,
                ZH_POS,
                ZH_NEU,
            )
        elif lang == "en":
            self.fruits, self.neg, self.pos, self.neu = (
                EN_FRUITS,
                EN_NEG,
                EN_POS,
                EN_NEU,
            )
        else:
            self.fruits, self.neg, self.pos, self.neu = (
                ES_FRUITS,
                ES_NEG,
                ES_POS,
                ES_NEU,
            )

    def fill(self, text):
        rng = self.rng
        fruit = rng.choice(self.fruits)
        return text.format(
            f=fruit,
            b=fruit.split(" ", 1)[-1],
            n=rng.choice([2, 3, 4, 5, 6, 8, 10, 12]),
            k=rng.choice(["二", "三", "四", "五"]),
            t=rng.choice(["十点", "十一点", "九点半", "中午十二点", "下午两点"]),
            store=rng.choice(ZH_STORES),
        )

    def neg_clause(self, urgency=None):
        cat = self.rng.choice(list(self.neg))
        options = [c for c in self.neg[cat] if urgency in (None, c[1])]
        if not options:
            options = self.neg[cat]
        text, urg = self.rng.choice(options)
        return self.fill(text), urg, cat

    def pos_clause(self):
        cat = self.rng.choice(list(self.pos))
        return self.fill(self.rng.choice(self.pos[cat])), cat

    def opener(self):
        table = {"zh": ZH_OPENERS, "en": EN_OPENERS, "es": ES_OPENERS}[self.lang]
        return self.fill(self.rng.choice(table))

    def end(self, mood):
        rng = self.rng
        if self.lang == "zh":
            marks = {"neg": ["。", "！", "", "！！"], "pos": ["。", "！", "", "～"]}
            mark = rng.choice(marks.get(mood, ["。", ""]))
        else:
            mark = rng.choice({"neg": [".", "!", ""], "pos": [".", "!", ""]}[mood])
        if rng.random() < 0.12:
            pool = ZH_NEG_EMOJI if mood == "neg" else ZH_POS_EMOJI
            mark += rng.choice(pool)
        return mark

    def sep(self):
        return "，" if self.lang == "zh" else ", "

    def cap(self, text):
        return text[:1].upper() + text[1:] if self.lang != "zh" else text

    def message(self):
        """One (text, sentiment, urgency, categories) tuple."""
        kinds = list(MESSAGE_KINDS)
        weights = [
            0 if kind == "review" and self.lang != "zh" else MESSAGE_KINDS[kind]
            for kind in kinds
        ]
        kind = self.rng.choices(kinds, weights=weights)[0]
        return getattr(self, f"make_{kind}")()

    def for_lang(self, tables):
        return tables[("zh", "en", "es").index(self.lang)]

    def make_neg(self):
        text, urg, cat = self.neg_clause()
        return self.cap(self.opener() + text) + self.end("neg"), "neg", urg, {cat}

    def make_neg2(self):
        t1, u1, c1 = self.neg_clause()
        t2, u2, c2 = self.neg_clause("normal")
        and_word = self.for_lang(("，还有", " and ", " y "))
        joiner = self.rng.choice([self.sep(), and_word])
        urg = "high" if "high" in (u1, u2) else "normal"
        text = self.cap(self.opener() + t1 + joiner + t2) + self.end("neg")
        return text, "neg", urg, {c1, c2}

    def make_neg_today(self):
        text, cat = self.rng.choice(self.for_lang((ZH_MISSING, EN_MISSING, ES_MISSING)))
        suffix = self.rng.choice(self.for_lang((ZH_TODAY, EN_TODAY, ES_TODAY)))
        text = self.cap(self.opener() + self.fill(text)) + suffix
        return text, "neg", "high", {cat}

    def make_neg_threat(self):
        text, _urg, cat = self.neg_clause()
        suffix = self.rng.choice(self.for_lang((ZH_THREAT, EN_THREAT, ES_THREAT)))
        text = self.cap(self.opener() + text) + suffix + self.end("neg")
        return text, "neg", "high", {cat}

    def make_neg_repeat(self):
        text, _urg, cat = self.neg_clause("normal")
        prefix = self.fill(
            self.rng.choice(self.for_lang((ZH_REPEAT, EN_REPEAT, ES_REPEAT)))
        )
        return self.cap(prefix + text) + self.end("neg"), "neg", "high", {cat}

    def make_pos(self):
        text, cat = self.pos_clause()
        return self.cap(self.opener() + text) + self.end("pos"), "pos", "low", {cat}

    def make_pos2(self):
        t1, c1 = self.pos_clause()
        t2, c2 = self.pos_clause()
        text = self.cap(self.opener() + t1 + self.sep() + t2) + self.end("pos")
        return text, "pos", "low", {c1, c2}

    def make_neu(self):
        text, cat = self.rng.choice(self.neu)
        text = self.cap(self.opener() + self.fill(text))
        if self.lang == "zh" and not text.endswith(("吧", "吗")):
            asks = "吗" in text or "请问" in text
            text += self.rng.choice(["", "。", "？" if asks else ""])
        return text, "neu", "low", {cat}

    def make_contrast_neg(self):
        t1, c1 = self.pos_clause()
        t2, u2, c2 = self.neg_clause()
        if self.lang == "zh":
            joiner = "，" + self.rng.choice(ZH_CONTRAST_NEG)
        else:
            joiner = self.rng.choice(self.for_lang((None, EN_CONTRAST, ES_CONTRAST)))
        text = self.cap(t1 + joiner + t2) + self.end("neg")
        return text, "neg", u2, {c1, c2}

    def make_contrast_pos(self):
        t1, _u1, c1 = self.neg_clause("normal")
        t2, c2 = self.pos_clause()
        pattern = self.for_lang(
            ("虽然{a}，但是{b}", "Although {a}, {b}", "Aunque {a}, {b}")
        )
        text = pattern.format(a=t1, b=t2)
        return text + self.end("pos"), "pos", "low", {c1, c2}

    def make_sarcasm(self):
        text, urg, cat = self.neg_clause()
        pattern = self.rng.choice(self.for_lang((ZH_SARCASM, EN_SARCASM, ES_SARCASM)))
        return self.cap(pattern.format(c=text)), "neg", urg, {cat}

    def make_short(self):
        if self.lang == "zh":
            text, sent, urg, cat = self.rng.choice(ZH_SHORT)
            return text, sent, urg, {cat}
        text, cat = self.pos_clause()
        return self.cap(text), "pos", "low", {cat}

    def make_negated(self):
        return self.negated()

    def make_review(self):
        return self.review()

    def review(self):
        """A shopper-style review: one to three clauses, maybe a contrast."""
        rng = self.rng
        if rng.random() < 0.5:
            parts = rng.sample(ZH_REVIEW_POS, rng.choice([1, 2, 2, 3]))
            cats = {c for _t, cat in parts for c in cat.split("|")}
            text = "，".join(self.fill(t) for t, _c in parts)
            if rng.random() < 0.2:  # a small flaw, then praise: still positive
                flaw, cat, _urg = rng.choice(ZH_REVIEW_NEG)
                text = f"虽然{self.fill(flaw)}，但是{text}"
                cats.update(cat.split("|"))
            return text + self.end("pos"), "pos", "low", cats
        parts = rng.sample(ZH_REVIEW_NEG, rng.choice([1, 2, 2, 3]))
        cats = {c for _t, cat, _u in parts for c in cat.split("|")}
        urgency = "high" if any(u == "high" for _t, _c, u in parts) else "normal"
        text = "，".join(self.fill(t) for t, _c, _u in parts)
        if rng.random() < 0.2:  # praise first, then the complaint
            good, cat = rng.choice(ZH_REVIEW_POS)
            text = f"{self.fill(good)}，但是{text}"
            cats.update(cat.split("|"))
        return text + self.end("neg"), "neg", urgency, cats

    def negated(self):
        """A spoilage term under negation: never urgent, never negative alone."""
        rng = self.rng
        f = rng.choice(self.fruits)
        if self.lang == "zh":
            head = rng.choice(
                [
                    f"{f}没有发霉的",
                    f"{f}一个烂的都没有",
                    f"没发现{f}有虫",
                    f"{f}完全没有变质",
                    f"{f}没有任何异味",
                    f"检查过了，{f}没有坏果",
                    f"{f}没有腐烂的",
                    f"{f}烂的一个都没有",
                    f"仔细挑过了，坏的{f}一个也没有",
                    f"{f}没有坏掉的",
                    f"{f}没有霉变",
                    f"{f}没有变味",
                    f"{f}从来没有让人拉肚子",
                    f"{f}不用退货了，换好了",
                    f"{f}的事不需要赔偿了",
                ]
            )
            if rng.random() < 0.5:
                return (
                    head + rng.choice(["，很好", "，放心了", "，不错"]),
                    "pos",
                    "low",
                    {"freshness"},
                )
            tail, _u, cat = self.neg_clause("normal")
            joiner = rng.choice(["，但是", "，就是", "，只是"])
            return head + joiner + tail, "neg", "normal", {"freshness", cat}
        if self.lang == "en":
            head = rng.choice(
                [
                    f"no mould on the {f}",
                    f"none of the {f} were rotten",
                    f"the {f} were not spoiled at all",
                    f"not a single rotten one among the {f}",
                    f"no need for a refund, the {f} were replaced",
                    f"the {f} never went off",
                ]
            )
        else:
            head = rng.choice(
                [
                    f"{f} no tenían moho",
                    f"nada de fruta podrida entre {f}",
                    f"sin fruta podrida en {f}",
                    f"no hace falta el reembolso de {f}",
                    f"{f} no llegaron podridas",
                ]
            )
        return self.cap(head) + self.end("pos"), "pos", "low", {"freshness"}


def generate(seed=SEED, counts=None, exclude=(), reviews=REVIEWS):
    counts = counts or {"zh": 7000, "en": 1500, "es": 1200}
    rng = random.Random(seed)
    seen = {normalize(t) for t in exclude}
    rows = []
    for lang, count in counts.items():
        composer = Composer(rng, lang)
        made = attempts = 0
        while made < count and attempts < count * 20:
            attempts += 1
            text, sent, urg, cats = composer.message()
            key = normalize(text)
            if key in seen:
                continue
            seen.add(key)
            if len(cats) > 1:
                cats.discard("other")
            rows.append((lang, text, sent, urg, "|".join(sorted(cats))))
            made += 1
    rng.shuffle(rows)
    # Shopper reviews after the B2B rows, from their own generator: adding them
    # leaves the B2B rows exactly as they were.
    rows += generate_reviews(seed + 1, reviews, seen, normalize)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", default=str(DATA / "trainset.csv"))
    parser.add_argument("--devset", default=str(DATA / "devset.csv"))
    args = parser.parse_args(argv)
    with open(args.devset, encoding="utf-8", newline="") as handle:
        dev_texts = [row["text"] for row in csv.DictReader(handle)]
    rows = generate(args.seed, exclude=dev_texts)
    with open(args.output, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for index, row in enumerate(rows, 1):
            writer.writerow([f"t{index}", *row])
    print(f"wrote {len(rows)} rows to {args.output}")


if __name__ == "__main__":
    main()
