"""The demo's speakers: one record per person across editions. Every one of them,
and every post they hold, is invented; the biographies say so."""

# Chinese text is written with its own full-width punctuation.
# ruff: noqa: RUF001

from __future__ import annotations

from demo.data import tr

CAE = tr("honorific", "中国工程院院士", "Academician of the Chinese Academy of Engineering")
CAS = tr("honorific", "中国科学院院士", "Academician of the Chinese Academy of Sciences")


def bio(zh: str, en: str) -> dict[str, str]:
    return tr("biography", f"{zh}（示例人物，纯属虚构。）", f"{en} (A fictional person invented for the demo.)")


def person(slug: str, zh: str, en: str) -> dict[str, str]:
    return {"slug": slug, **tr("name", zh, en), "email": f"{slug}@example.org"}


SPEAKERS = [
    # Officials: the host (主持人) of the opening and the addresses (致辞).
    {
        **person("he-qingshan", "何青山", "He Qingshan"),
        **tr("position", "芜湖市人民政府副市长", "Vice Mayor of Wuhu"),
        **tr("affiliation", "芜湖市人民政府", "Wuhu Municipal People's Government"),
        **bio("长期从事地方科技与产业管理工作。", "Has long worked on local science, technology and industry policy."),
    },
    {
        **person("song-wenhui", "宋文徽", "Song Wenhui"),
        **tr("position", "安徽省科学技术协会主席", "President of the Anhui Association for Science and Technology"),
        **tr("affiliation", "安徽省科学技术协会", "Anhui Association for Science and Technology"),
        **bio("热心科普与学会建设。", "Known for championing popular science and learned societies."),
    },
    {
        **person("qiao-mingyuan", "乔明远", "Qiao Mingyuan"),
        **tr(
            "position",
            "上海市科学技术协会副主席",
            "Vice President of the Shanghai Association for Science and Technology",
        ),
        **tr("affiliation", "上海市科学技术协会", "Shanghai Association for Science and Technology"),
        **bio("研究方向为科技政策。", "Works on science and technology policy."),
    },
    {
        **person("ye-shuhan", "叶书涵", "Ye Shuhan"),
        **tr(
            "position",
            "浙江省科学技术协会副主席",
            "Vice President of the Zhejiang Provincial Association for Science and Technology",
        ),
        **tr("affiliation", "浙江省科学技术协会", "Zhejiang Provincial Association for Science and Technology"),
        **bio("多次参与长三角科技论坛的组织工作。", "Has helped organise several editions of the forum."),
    },
    {
        **person("tang-yunhe", "唐云鹤", "Tang Yunhe"),
        **tr(
            "position",
            "江苏省科学技术协会副主席",
            "Vice President of the Jiangsu Association for Science and Technology",
        ),
        **tr("affiliation", "江苏省科学技术协会", "Jiangsu Association for Science and Technology"),
        **bio("关注区域创新协同机制。", "Interested in how regions innovate together."),
    },
    # Academicians: keynotes (主旨报告) and the academician forum.
    {
        **person("lin-zhiyuan", "林知远", "Lin Zhiyuan"),
        "honour": "academician",
        **CAE,
        **tr(
            "position",
            "长三角先进制造产业联盟副理事长",
            "Vice Chairman of the Yangtze River Delta Advanced Manufacturing Alliance",
        ),
        **tr("affiliation", "长江智能制造研究院", "Changjiang Institute of Intelligent Manufacturing"),
        **bio(
            "智能制造专家，长期从事数控装备与工业软件研究。",
            "An expert in intelligent manufacturing who has long worked on CNC equipment and industrial software.",
        ),
    },
    {
        **person("shen-yuehua", "沈月华", "Shen Yuehua"),
        "honour": "academician",
        **CAS,
        **tr("position", "太湖量子信息实验室主任", "Director of the Taihu Laboratory for Quantum Information"),
        **tr("affiliation", "太湖量子信息实验室", "Taihu Laboratory for Quantum Information"),
        **bio("从事量子通信与量子计量研究。", "Works on quantum communication and quantum metrology."),
    },
    {
        **person("gu-chengze", "顾承泽", "Gu Chengze"),
        "honour": "academician",
        **CAE,
        **tr(
            "position",
            "长三角新能源汽车产业联盟副理事长",
            "Vice Chairman of the Yangtze River Delta New Energy Vehicle Alliance",
        ),
        **tr("affiliation", "鸠兹科技大学", "Jiuzi University of Science and Technology"),
        **bio(
            "车辆工程专家，研究电驱动系统与整车控制。",
            "A vehicle engineer working on electric drives and vehicle control.",
        ),
    },
    {
        **person("fang-lanxin", "方兰心", "Fang Lanxin"),
        "honour": "academician",
        **CAE,
        **tr("position", "皖江生物医药研究院首席科学家", "Chief Scientist of the Wanjiang Institute of Biomedicine"),
        **tr("affiliation", "皖江生物医药研究院", "Wanjiang Institute of Biomedicine"),
        **bio("从事创新药物研发三十余年。", "Has worked on drug discovery for more than thirty years."),
    },
    {
        **person("jiang-haolan", "江浩澜", "Jiang Haolan"),
        "honour": "academician",
        **CAS,
        **tr(
            "position", "鸠兹科技大学材料科学与工程学院教授", "Professor, School of Materials Science, Jiuzi University"
        ),
        **tr("affiliation", "鸠兹科技大学", "Jiuzi University of Science and Technology"),
        **bio("研究先进功能材料。", "Researches advanced functional materials."),
    },
    {
        **person("xu-mochen", "许墨尘", "Xu Mochen"),
        "honour": "academician",
        **CAE,
        **tr(
            "position",
            "东吴环境工程研究院名誉院长",
            "Honorary President of the Dongwu Institute of Environmental Engineering",
        ),
        **tr("affiliation", "东吴环境工程研究院", "Dongwu Institute of Environmental Engineering"),
        **bio("长期从事大气污染控制与碳减排研究。", "Works on air-pollution control and carbon reduction."),
    },
    {
        **person("ma-qiyun", "马启运", "Ma Qiyun"),
        "honour": "academician",
        **CAS,
        **tr("position", "浦江集成电路研究院院长", "President of the Pujiang Institute of Integrated Circuits"),
        **tr("affiliation", "浦江集成电路研究院", "Pujiang Institute of Integrated Circuits"),
        **bio("集成电路设计专家。", "An integrated-circuit designer."),
    },
    # Moderators, hosts and panelists.
    {
        **person("zhao-ruoxi", "赵若溪", "Zhao Ruoxi"),
        **tr("position", "长三角科技发展研究中心主任", "Director of the Yangtze River Delta S&T Development Centre"),
        **tr("affiliation", "长三角科技发展研究中心", "Yangtze River Delta S&T Development Centre"),
        **bio("区域创新政策研究者，多次主持圆桌对话。", "A regional innovation researcher who often moderates panels."),
    },
    {
        **person("bai-shiqing", "柏诗晴", "Bai Shiqing"),
        **tr(
            "position", "安徽省科学技术协会副主席", "Vice President of the Anhui Association for Science and Technology"
        ),
        **tr("affiliation", "安徽省科学技术协会", "Anhui Association for Science and Technology"),
        **bio("负责院士专家工作。", "In charge of work with academicians and experts."),
    },
    {
        **person("mei-jingyi", "梅景逸", "Mei Jingyi"),
        **tr("position", "江淮智行汽车科技有限公司董事长", "Chairman of Jianghuai Zhixing Automotive Technology"),
        **tr("affiliation", "江淮智行汽车科技有限公司", "Jianghuai Zhixing Automotive Technology Co., Ltd."),
        **bio("创业者，专注智能网联汽车。", "A founder working on connected vehicles."),
    },
    {
        **person("olivia-hartmann", "奥利维娅·哈特曼", "Olivia Hartmann"),
        "honour": "fellow",
        **tr("honorific", "IEEE会士", "IEEE Fellow"),
        **tr("position", "莱茵理工学院教授", "Professor at the Rhine Institute of Technology"),
        **tr("affiliation", "莱茵理工学院", "Rhine Institute of Technology"),
        **bio("研究可信人工智能。", "Researches trustworthy artificial intelligence."),
        "links": [{"label": "Homepage", "url": "https://example.org/hartmann"}],
    },
    # The "Science and Technology Innovation China" service forum: a host and four representatives.
    {
        **person("du-yiran", "杜一然", "Du Yiran"),
        **tr(
            "position",
            "“科创中国”长三角服务团秘书长",
            "Secretary General of the Delta Service Team of “Science and Technology Innovation China”",
        ),
        **bio("组织科技服务团深入企业。", "Leads service teams that visit companies."),
    },
    {
        **person("qin-hanwen", "秦瀚文", "Qin Hanwen"),
        **tr(
            "position", "芜湖市科学技术协会副主席", "Vice President of the Wuhu Association for Science and Technology"
        ),
        **tr("affiliation", "芜湖市科学技术协会", "Wuhu Association for Science and Technology"),
        **bio("参与“科创中国”试点城市建设。", "Works on Wuhu's “Science and Technology Innovation China” pilot."),
    },
    {
        **person("luo-xiaowan", "罗晓婉", "Luo Xiaowan"),
        **tr("position", "皖江技术转移中心主任", "Director of the Wanjiang Technology Transfer Centre"),
        **tr("affiliation", "皖江技术转移中心", "Wanjiang Technology Transfer Centre"),
        **bio("技术经纪人，促成多项成果转化。", "A technology broker behind many licensing deals."),
    },
    {
        **person("han-zeyu", "韩泽宇", "Han Zeyu"),
        **tr("position", "江淮精密仪器股份有限公司总工程师", "Chief Engineer of Jianghuai Precision Instruments"),
        **tr("affiliation", "江淮精密仪器股份有限公司", "Jianghuai Precision Instruments Co., Ltd."),
        **bio("从企业需求侧分享产学研合作经验。", "Speaks for the companies that bring problems to researchers."),
    },
    {
        **person("ning-siyuan", "宁思远", "Ning Siyuan"),
        **tr("position", "长三角学会联合体秘书长", "Secretary General of the Delta Consortium of Learned Societies"),
        **bio("推动学会服务地方产业。", "Brings learned societies to work with local industry."),
    },
    # Sub-forum speakers.
    {
        **person("zhou-linlang", "周琳琅", "Zhou Linlang"),
        **tr("position", "太湖数字经济研究院副院长", "Vice President of the Taihu Institute of Digital Economy"),
        **tr("affiliation", "太湖数字经济研究院", "Taihu Institute of Digital Economy"),
        **bio("研究数据要素与平台经济。", "Studies data markets and platform economies."),
    },
    {
        **person("kong-yifan", "孔逸凡", "Kong Yifan"),
        **tr("position", "鸠兹科技大学人工智能学院院长", "Dean of the School of AI, Jiuzi University"),
        **tr("affiliation", "鸠兹科技大学", "Jiuzi University of Science and Technology"),
        **bio("研究大模型与机器人。", "Works on large models and robotics."),
    },
    {
        **person("wei-qinghe", "魏清和", "Wei Qinghe"),
        **tr("position", "江南智算科技有限公司首席技术官", "CTO of Jiangnan Intelligent Computing"),
        **tr("affiliation", "江南智算科技有限公司", "Jiangnan Intelligent Computing Co., Ltd."),
        **bio("负责智算中心建设。", "Builds computing centres for AI."),
    },
    {
        **person("yan-shuo", "严烁", "Yan Shuo"),
        **tr("position", "皖江动力电池研究院研究员", "Research Fellow at the Wanjiang Power Battery Institute"),
        **tr("affiliation", "皖江动力电池研究院", "Wanjiang Power Battery Institute"),
        **bio("研究固态电池。", "Works on solid-state batteries."),
    },
    {
        **person("su-wanqing", "苏婉清", "Su Wanqing"),
        **tr("position", "长三角生物医药产业创新中心主任", "Director of the Delta Biomedicine Innovation Centre"),
        **tr("affiliation", "长三角生物医药产业创新中心", "Delta Biomedicine Innovation Centre"),
        **bio("推动创新药临床转化。", "Moves new drugs towards the clinic."),
    },
    {
        **person("ding-yuanchao", "丁远超", "Ding Yuanchao"),
        **tr("position", "江淮绿色能源集团副总经理", "Deputy General Manager of Jianghuai Green Energy Group"),
        **tr("affiliation", "江淮绿色能源集团", "Jianghuai Green Energy Group"),
        **bio("负责光伏与储能项目。", "Runs solar and storage projects."),
    },
]
