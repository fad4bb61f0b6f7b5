# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Consumer-style fruit reviews for ``trainset.csv`` (our own phrase tables).

Shoppers who buy fruit online write differently from our B2B buyers: short
spoken phrases (很甜, 太酸了, 一般般), 好评 / 差评 closings, repurchase
intent, counts of bad fruit, the state of the box on arrival, emoji, a
contrast ("虽然小了点，但是很甜") or a sneer ("呵呵"). The tables below were
written by the Wanxiang team for this register; every message is composed
from them, and its labels follow from the parts (the clause after a "but"
decides; spoilage asserted or a refund demanded makes urgency high).

Used by ``make_trainset.py``; the rows are appended after the B2B rows, drawn
with their own seeded generator, so the B2B part of the file is unchanged.
"""

import random

# Words a shopper uses for the fruit: named or not.
FRUITS = [
    "草莓",
    "蓝莓",
    "车厘子",
    "樱桃",
    "芒果",
    "香蕉",
    "菠萝",
    "火龙果",
    "荔枝",
    "葡萄",
    "提子",
    "橙子",
    "脐橙",
    "沃柑",
    "丑橘",
    "砂糖橘",
    "橘子",
    "柚子",
    "柠檬",
    "哈密瓜",
    "西瓜",
    "桃子",
    "水蜜桃",
    "猕猴桃",
    "苹果",
    "梨",
    "香梨",
    "杨梅",
    "枇杷",
    "百香果",
    "石榴",
    "冬枣",
    "李子",
    "山竹",
    "榴莲",
    "牛油果",
    "柿子",
    "水果",
    "果子",
    "这个果",
    "这次的果",
]
NAMED = [f for f in FRUITS if f not in ("水果", "果子", "这个果", "这次的果")]

# Context a shopper adds before judging; says nothing about the fruit itself.
CONTEXT = [
    "给家里老人买的",
    "买给孩子吃的",
    "第一次在这家买",
    "趁活动买的",
    "看评价不错才下单",
    "朋友推荐的",
    "一共买了两箱",
    "买了五斤",
    "买来送人的",
    "每年这个季节都会买",
    "双十一囤的",
    "老公下的单",
    "帮同事一起拼的",
    "前天下的单",
    "收到货先评价一下",
    "吃了几天才来评价",
    "第二次买了",
    "对比了好几家才选的",
    "直播间下的单",
    "买了大果",
    "选的中果",
    "家里人都爱吃{f}",
]

# (phrase, category) praise; {f} is a fruit word.
POS = [
    # taste / sweetness
    ("很甜", "freshness"),
    ("超级甜", "freshness"),
    ("甜度很高", "freshness"),
    ("甜甜的", "freshness"),
    ("特别好吃", "freshness"),
    ("好吃到停不下来", "freshness"),
    ("味道很正", "freshness"),
    ("酸甜适中", "freshness"),
    ("口感很好", "freshness"),
    ("口感细腻", "freshness"),
    ("又香又甜", "freshness"),
    ("果香浓郁", "freshness"),
    ("甜中带一点酸，刚刚好", "freshness"),
    ("比超市买的好吃多了", "freshness"),
    ("是小时候的味道", "freshness"),
    ("{f}吃起来很爽口", "freshness"),
    ("{f}甜得像蜜一样", "freshness"),
    ("一点都不酸", "freshness"),
    ("不涩口", "freshness"),
    ("没有一点苦味", "freshness"),
    # juice / texture
    ("水分很足", "freshness"),
    ("汁多肉厚", "freshness"),
    ("咬一口全是汁", "freshness"),
    ("脆甜脆甜的", "freshness"),
    ("果肉很嫩", "freshness"),
    ("肉质紧实", "freshness"),
    ("皮薄肉多", "freshness"),
    ("核很小", "freshness"),
    ("软糯香甜", "freshness"),
    ("很脆", "freshness"),
    # freshness on arrival
    ("很新鲜", "freshness"),
    ("到手很新鲜", "freshness"),
    ("新鲜度没得说", "freshness"),
    ("一看就是刚摘的", "freshness"),
    ("叶子都还是绿的", "freshness"),
    ("一个坏的都没有", "freshness"),
    ("没有坏果", "freshness"),
    ("烂果一个都没有", "freshness"),
    ("完好无损", "freshness"),
    ("没有一个磕碰的", "freshness"),
    ("熟度刚刚好", "freshness"),
    ("放了几天还是很新鲜", "freshness"),
    # size / looks
    ("个头很大", "freshness"),
    ("个头均匀", "freshness"),
    ("果子很大很饱满", "freshness"),
    ("颜值很高", "freshness"),
    ("颜色很漂亮", "freshness"),
    ("比图片上的还大", "freshness"),
    ("和描述的一样", "other"),
    ("跟图片一模一样", "other"),
    ("品质很好", "freshness"),
    ("果型很好看", "freshness"),
    # delivery
    ("物流很快", "delivery"),
    ("发货速度快", "delivery"),
    ("隔天就到了", "delivery"),
    ("快递小哥送货上门", "delivery"),
    ("顺丰冷链，到手还是凉的", "delivery"),
    ("下单第二天就收到了", "delivery"),
    ("物流给力", "delivery"),
    ("快递很快", "delivery"),
    # packaging
    ("包装很用心", "packaging"),
    ("包装严实", "packaging"),
    ("每个都有网套", "packaging"),
    ("泡沫箱加冰袋，很专业", "packaging"),
    ("包装很好，一点没压坏", "packaging"),
    ("箱子很结实", "packaging"),
    ("单独包装，很干净", "packaging"),
    # weight
    ("分量很足", "weight"),
    ("称了一下还多了", "weight"),
    ("斤两很足", "weight"),
    ("还多送了几个", "weight"),
    # price
    ("性价比很高", "price"),
    ("物美价廉", "price"),
    ("价格实惠", "price"),
    ("这个价格很值", "price"),
    ("比水果店便宜", "price"),
    ("活动价很划算", "price"),
    ("超值", "price"),
    # service
    ("客服态度很好", "service"),
    ("售后很给力", "service"),
    ("有个坏的客服马上就补了", "service"),
    ("商家很有诚信", "service"),
    ("卖家很热情", "service"),
    # family / general
    ("家里人都说好吃", "other"),
    ("孩子很爱吃", "other"),
    ("老人说很软很甜", "other"),
    ("送人很有面子", "other"),
    ("整体很满意", "other"),
    ("非常满意", "other"),
    ("很不错", "other"),
    ("挺好的", "other"),
    ("超出预期", "other"),
    ("买得很放心", "other"),
    ("没让我失望", "other"),
]

# (phrase, category, urgency) complaints.
NEG = [
    # taste / sweetness
    ("不甜", "freshness", "normal"),
    ("一点都不甜", "freshness", "normal"),
    ("太酸了", "freshness", "normal"),
    ("酸得倒牙", "freshness", "normal"),
    ("酸死了", "freshness", "normal"),
    ("没什么味道", "freshness", "normal"),
    ("淡得像白开水", "freshness", "normal"),
    ("吃着有苦味", "freshness", "normal"),
    ("又涩又硬", "freshness", "normal"),
    ("口感很差", "freshness", "normal"),
    ("难吃", "freshness", "normal"),
    ("味道怪怪的", "freshness", "normal"),
    ("跟宣传的甜度差远了", "freshness", "normal"),
    ("{f}吃起来像没熟", "freshness", "normal"),
    ("{f}一股药水味", "freshness", "high"),
    ("完全没有果香", "freshness", "normal"),
    # juice / texture
    ("没有水分", "freshness", "normal"),
    ("干巴巴的", "freshness", "normal"),
    ("果肉发面", "freshness", "normal"),
    ("渣很多", "freshness", "normal"),
    ("皮厚肉少", "freshness", "normal"),
    ("核大肉薄", "freshness", "normal"),
    ("硬邦邦的，咬不动", "freshness", "normal"),
    ("放了一周还没软", "freshness", "normal"),
    ("软得不像样", "freshness", "normal"),
    # freshness on arrival / spoilage
    ("不新鲜", "freshness", "normal"),
    ("一看就是放了很久的", "freshness", "normal"),
    ("蔫了吧唧的", "freshness", "normal"),
    ("皮都皱了", "freshness", "normal"),
    ("坏了{n}个", "freshness", "high"),
    ("烂了{n}个", "freshness", "high"),
    ("有{n}个是烂的", "freshness", "high"),
    ("坏果太多了", "freshness", "high"),
    ("一箱里一半是烂果", "freshness", "high"),
    ("收到就有几个烂了", "freshness", "high"),
    ("好几个发霉了", "freshness", "high"),
    ("有的已经长毛了", "freshness", "high"),
    ("切开里面是黑的", "freshness", "high"),
    ("里面有虫", "freshness", "high"),
    ("都压烂出水了", "freshness", "high"),
    ("一股酒味，都发酵了", "freshness", "high"),
    ("放了两天就全坏了", "freshness", "high"),
    ("磕碰很严重", "freshness", "normal"),
    ("好多都有黑斑", "freshness", "normal"),
    ("生的，根本没法吃", "freshness", "normal"),
    # size / looks
    ("个头太小", "freshness", "normal"),
    ("小得可怜", "freshness", "normal"),
    ("大小不一", "freshness", "normal"),
    ("跟图片差太多", "other", "normal"),
    ("和描述严重不符", "other", "normal"),
    ("说是大果，收到全是小果", "freshness", "normal"),
    ("卖相很差", "freshness", "normal"),
    ("疤很多", "freshness", "normal"),
    ("像是挑剩下的次果", "freshness", "normal"),
    # delivery
    ("物流太慢了", "delivery", "normal"),
    ("等了一个星期才到", "delivery", "normal"),
    ("快递慢得要死", "delivery", "normal"),
    ("拖了好几天才发货", "delivery", "normal"),
    ("路上耽误太久，到手都捂坏了", "delivery", "high"),
    ("快递员不送上门", "delivery", "normal"),
    ("催了几次才发货", "delivery", "normal"),
    # packaging
    ("包装太简陋", "packaging", "normal"),
    ("箱子都压扁了", "packaging", "normal"),
    ("连个网套都没有", "packaging", "normal"),
    ("包装破了，果子滚得到处都是", "packaging", "normal"),
    ("说有冰袋，结果什么都没有", "packaging", "normal"),
    ("箱子湿透了", "packaging", "normal"),
    # weight
    ("分量不够", "weight", "normal"),
    ("称了一下少了快一斤", "weight", "normal"),
    ("缺斤少两", "weight", "normal"),
    ("连箱子算重量", "weight", "normal"),
    ("说是五斤，实际不到四斤", "weight", "normal"),
    # price
    ("太贵了", "price", "normal"),
    ("不值这个价", "price", "normal"),
    ("性价比太低", "price", "normal"),
    ("比菜市场贵多了", "price", "normal"),
    ("刚买完就降价", "price", "normal"),
    ("智商税", "price", "normal"),
    # service
    ("客服不理人", "service", "normal"),
    ("售后推来推去", "service", "normal"),
    ("联系客服只会说抱歉", "service", "normal"),
    ("申请售后一直没人处理", "service", "normal"),
    ("客服态度恶劣", "service", "normal"),
    ("说好补发，结果没下文", "service", "normal"),
    ("要求退款", "other", "high"),
    ("已经申请退款了", "other", "high"),
    ("只能退货了", "other", "high"),
    # general
    ("太失望了", "other", "normal"),
    ("一次比一次差", "other", "normal"),
    ("质量越来越差", "other", "normal"),
    ("上当了", "other", "normal"),
    ("浪费钱", "other", "normal"),
    ("后悔买了", "other", "normal"),
    ("不怎么样", "other", "normal"),
    ("没有想象中好", "other", "normal"),
    ("很一般，不推荐", "other", "normal"),
    ("垃圾", "other", "normal"),
    ("坑人", "other", "normal"),
    ("直接扔了", "other", "normal"),
]

# Mild flaws a happy shopper mentions before a "but".
MINOR_FLAWS = [
    ("个头小了点", "freshness"),
    ("有一两个磕碰", "freshness"),
    ("物流慢了一天", "delivery"),
    ("包装有点简单", "packaging"),
    ("价格稍微贵一点", "price"),
    ("有个别不太熟", "freshness"),
    ("有一个坏的", "freshness"),
    ("大小不太均匀", "freshness"),
    ("外皮不太好看", "freshness"),
    ("快递有点慢", "delivery"),
    ("箱子有点压扁了", "packaging"),
]

POS_CLOSE = [
    "好评",
    "五星好评",
    "给个好评",
    "必须好评",
    "会回购的",
    "已经回购了",
    "还会再来",
    "下次还买",
    "推荐购买",
    "值得购买",
    "强烈推荐",
    "放心买",
    "满意",
    "点赞",
    "已经推荐给朋友了",
    "准备再囤一箱",
    "无限回购",
    "这家可以闭眼入",
]
NEG_CLOSE = [
    "差评",
    "给差评",
    "不会再买了",
    "再也不买了",
    "不推荐",
    "大家别买",
    "避雷",
    "差评差评",
    "一星都不想给",
    "后悔死了",
    "不会回购",
    "拉黑了",
    "失望",
]
NEG_CLOSE_THREAT = ["要求退款", "必须退款", "申请退货退款"]

POS_EMOJI = ["👍", "😋", "😊", "❤️", "🥰", "👏", "💯", "😄", "🍊", "🍓"]
NEG_EMOJI = ["👎", "😡", "😤", "😞", "😭", "🤮", "💢", "😒"]

# Whole short reviews: (text, sentiment, urgency, category).
SHORT = [
    ("很甜", "pos", "low", "freshness"),
    ("好吃", "pos", "low", "freshness"),
    ("好吃！", "pos", "low", "freshness"),
    ("超甜", "pos", "low", "freshness"),
    ("新鲜", "pos", "low", "freshness"),
    ("很新鲜", "pos", "low", "freshness"),
    ("不错", "pos", "low", "other"),
    ("不错不错", "pos", "low", "other"),
    ("还不错", "pos", "low", "other"),
    ("好评", "pos", "low", "other"),
    ("满意", "pos", "low", "other"),
    ("很满意", "pos", "low", "other"),
    ("挺好吃的", "pos", "low", "freshness"),
    ("好吃好吃", "pos", "low", "freshness"),
    ("甜！", "pos", "low", "freshness"),
    ("好大好甜", "pos", "low", "freshness"),
    ("回购了", "pos", "low", "other"),
    ("物美价廉", "pos", "low", "price"),
    ("物流快", "pos", "low", "delivery"),
    ("👍👍👍", "pos", "low", "other"),
    ("太酸了", "neg", "normal", "freshness"),
    ("不甜", "neg", "normal", "freshness"),
    ("难吃", "neg", "normal", "freshness"),
    ("不新鲜", "neg", "normal", "freshness"),
    ("差评", "neg", "normal", "other"),
    ("很差", "neg", "normal", "other"),
    ("烂了", "neg", "high", "freshness"),
    ("坏了好多", "neg", "high", "freshness"),
    ("全是烂的", "neg", "high", "freshness"),
    ("太小了", "neg", "normal", "freshness"),
    ("上当了", "neg", "normal", "other"),
    ("垃圾", "neg", "normal", "other"),
    ("失望", "neg", "normal", "other"),
    ("不好吃", "neg", "normal", "freshness"),
    ("没味道", "neg", "normal", "freshness"),
    ("物流太慢", "neg", "normal", "delivery"),
    ("👎", "neg", "normal", "other"),
    ("一般般", "neu", "low", "other"),
    ("一般", "neu", "low", "other"),
    ("还行吧", "neu", "low", "other"),
    ("就那样", "neu", "low", "other"),
    ("中规中矩", "neu", "low", "other"),
    ("还没吃", "neu", "low", "other"),
    ("收到了", "neu", "low", "other"),
]

# Neutral: lukewarm, not tasted yet, questions to the seller.
NEU = [
    ("还没吃，先收货", "other"),
    ("刚到，还没打开", "other"),
    ("放几天熟了再吃", "freshness"),
    ("还行吧，没有特别惊艳", "other"),
    ("一般般，跟超市的差不多", "other"),
    ("味道中规中矩", "freshness"),
    ("不好不坏", "other"),
    ("请问{f}要放几天才能吃", "freshness"),
    ("{f}怎么保存比较好", "freshness"),
    ("什么时候发货", "delivery"),
    ("能发顺丰吗", "delivery"),
    ("下次有活动告诉我一声", "price"),
    ("是今年的新果吗", "freshness"),
    ("买给家里人的，他们还没反馈", "other"),
    ("{f}收到了，等吃了再追评", "other"),
    ("和上次买的差不多", "other"),
]

NEG_OPEN = ["呵呵，", "呵呵呵，", "服了，", "无语，", "真服了，", "醉了，", "唉，"]
SARCASM = [
    "呵呵，{c}",
    "真是“好”{f}啊，{c}",
    "{c}，真行",
    "还说是精品果，{c}",
    "好评都是刷的吧，{c}",
    "{c}，佩服佩服",
    "{c}，谢谢你们啊",
    "真是开了眼了，{c}",
]
CONTRAST_NEG = ["但是", "可是", "不过", "就是", "只是", "可惜", "结果"]
CONTRAST_POS = ["但是", "不过", "但", "可是"]
CONCESSION = ["虽然", "尽管"]


class ReviewComposer:
    """Draws labelled shopper reviews from the tables above."""

    def __init__(self, rng):
        self.rng = rng

    def fill(self, text):
        rng = self.rng
        return text.format(
            f=rng.choice(NAMED),
            n=rng.choice(
                [
                    "两",
                    "三",
                    "四",
                    "五",
                    "六",
                    "七",
                    "八",
                    "好几",
                    "十几",
                    "2",
                    "3",
                    "5",
                ]
            ),
        )

    def subject(self):
        """A fruit word to put in front of the first clause, or nothing."""
        rng = self.rng
        if rng.random() < 0.45:
            return ""
        return rng.choice(FRUITS) + rng.choice(["", "", "收到了，", "的话，"])

    def context(self):
        if self.rng.random() < 0.3:
            return self.fill(self.rng.choice(CONTEXT)) + self.rng.choice(
                ["，", "。", "，"]
            )
        return ""

    def join(self, parts, mood="neg"):
        rng = self.rng
        joiners = ["，", "，", "，", "。", " ", "！"]
        if mood == "pos":
            joiners.append("，而且")
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice(joiners) + part
        return text

    def end(self, mood):
        rng = self.rng
        mark = rng.choice(
            ["", "。", "！", "！！", "～"]
            if mood == "pos"
            else ["", "。", "！", "！！！", "。。。"]
        )
        if rng.random() < 0.15:
            pool = POS_EMOJI if mood == "pos" else NEG_EMOJI
            mark += rng.choice(pool) * rng.choice([1, 1, 2, 3])
        return mark

    def pos_parts(self, count):
        picked = self.rng.sample(POS, count)
        return [self.fill(t) for t, _c in picked], {c for _t, c in picked}

    def neg_parts(self, count):
        picked = self.rng.sample(NEG, count)
        urgency = "high" if any(u == "high" for _t, _c, u in picked) else "normal"
        return (
            [self.fill(t) for t, _c, _u in picked],
            {c for _t, c, _u in picked},
            urgency,
        )

    def count(self):
        return self.rng.choice([1, 1, 2, 2, 2, 3, 3, 4])

    def message(self):
        kind = self.rng.choices(
            [
                "pos",
                "neg",
                "contrast_pos",
                "contrast_neg",
                "sarcasm",
                "short",
                "neu",
            ],
            weights=[30, 28, 8, 12, 4, 10, 6],
        )[0]
        return getattr(self, f"make_{kind}")()

    def make_pos(self):
        rng = self.rng
        parts, cats = self.pos_parts(self.count())
        text = self.context() + self.subject() + self.join(parts, "pos")
        if rng.random() < 0.5:
            text += rng.choice(["，", "。", "！", " "]) + rng.choice(POS_CLOSE)
        return text + self.end("pos"), "pos", "low", cats

    def make_neg(self):
        rng = self.rng
        parts, cats, urgency = self.neg_parts(self.count())
        opener = rng.choice(NEG_OPEN) if rng.random() < 0.12 else ""
        text = opener + self.context() + self.subject() + self.join(parts)
        if rng.random() < 0.45:
            if rng.random() < 0.15:
                text += "，" + rng.choice(NEG_CLOSE_THREAT)
                urgency = "high"
            else:
                text += rng.choice(["，", "。", "！", " "]) + rng.choice(NEG_CLOSE)
        return text + self.end("neg"), "neg", urgency, cats

    def make_contrast_pos(self):
        rng = self.rng
        flaw, flaw_cat = rng.choice(MINOR_FLAWS)
        parts, cats = self.pos_parts(rng.choice([1, 1, 2]))
        if rng.random() < 0.5:
            text = rng.choice(CONCESSION) + flaw + "，" + rng.choice(CONTRAST_POS)
        else:
            text = flaw + "，" + rng.choice(["不过", "但是", "但"])
        text += self.join(parts, "pos")
        if rng.random() < 0.4:
            text += "，" + rng.choice(POS_CLOSE)
        return self.context() + text + self.end("pos"), "pos", "low", cats | {flaw_cat}

    def make_contrast_neg(self):
        rng = self.rng
        good, good_cats = self.pos_parts(rng.choice([1, 1, 2]))
        bad, bad_cats, urgency = self.neg_parts(rng.choice([1, 1, 2]))
        text = self.join(good) + "，" + rng.choice(CONTRAST_NEG) + self.join(bad)
        if rng.random() < 0.35:
            text += "，" + rng.choice(NEG_CLOSE)
        return (
            self.subject() + text + self.end("neg"),
            "neg",
            urgency,
            good_cats | bad_cats,
        )

    def make_sarcasm(self):
        rng = self.rng
        bad, cats, urgency = self.neg_parts(rng.choice([1, 2]))
        pattern = self.fill(rng.choice(SARCASM).replace("{c}", "{{c}}"))
        return pattern.format(c=self.join(bad)) + self.end("neg"), "neg", urgency, cats

    def make_short(self):
        rng = self.rng
        text, sentiment, urgency, cat = rng.choice(SHORT)
        if sentiment != "neu" and rng.random() < 0.3:
            text += rng.choice(POS_EMOJI if sentiment == "pos" else NEG_EMOJI)
        return text, sentiment, urgency, {cat}

    def make_neu(self):
        text, cat = self.rng.choice(NEU)
        return self.fill(text) + self.rng.choice(["", "。"]), "neu", "low", {cat}


def generate_reviews(seed, count, seen, normalize):
    """``count`` rows ``(lang, text, sentiment, urgency, categories)``.

    ``seen`` holds normalised texts to avoid (the development set and the rows
    already made); it is updated in place.
    """
    rng = random.Random(seed)
    composer = ReviewComposer(rng)
    rows = []
    attempts = 0
    while len(rows) < count and attempts < count * 20:
        attempts += 1
        text, sentiment, urgency, cats = composer.message()
        key = normalize(text)
        if key in seen:
            continue
        seen.add(key)
        if len(cats) > 1:
            cats.discard("other")
        rows.append(("zh", text, sentiment, urgency, "|".join(sorted(cats))))
    return rows
