package generate

// The vocabulary the generator builds names and titles from: Zhejiang's
// divisions, the words real standard titles are made of, with their English
// and their ICS and CCS classes.

// city is an administrative division of Zhejiang.
type city struct {
	code, name string
	districts  []string
	weight     int // how many organizations are there, roughly
}

var cities = []city{
	{"330100", "杭州", []string{"上城", "拱墅", "西湖", "滨江", "萧山", "余杭", "临平", "钱塘", "富阳", "临安"}, 25},
	{"330200", "宁波", []string{"海曙", "江北", "北仑", "镇海", "鄞州", "奉化"}, 15},
	{"330300", "温州", []string{"鹿城", "龙湾", "瓯海", "洞头"}, 10},
	{"330400", "嘉兴", []string{"南湖", "秀洲"}, 8},
	{"330500", "湖州", []string{"吴兴", "南浔"}, 6},
	{"330600", "绍兴", []string{"越城", "柯桥", "上虞"}, 8},
	{"330700", "金华", []string{"婺城", "金东"}, 8},
	{"330800", "衢州", []string{"柯城", "衢江"}, 3},
	{"330900", "舟山", []string{"定海", "普陀"}, 3},
	{"331000", "台州", []string{"椒江", "黄岩", "路桥"}, 8},
	{"331100", "丽水", []string{"莲都"}, 3},
}

// province is Zhejiang itself.
const province = "330000"

// Parts of organization names.
var (
	instituteFields = []string{
		"标准化", "计量科学", "质量科学", "农业科学", "林业科学", "海洋水产", "建筑科学设计", "环境科学",
		"电力科学", "信息化发展", "产品质量安全检测", "特种设备检验", "食品药品检验", "纺织品检验", "机电产品质量检测",
	}
	instituteSuffixes = []string{"研究院", "研究所", "检验检测研究院"}
	universities      = []string{
		"浙江大学", "浙江工业大学", "中国计量大学", "宁波大学", "杭州电子科技大学", "浙江理工大学", "浙江工商大学",
		"温州大学", "浙江农林大学", "浙江师范大学", "浙江科技大学", "浙江海洋大学", "嘉兴大学", "湖州师范学院",
		"绍兴文理学院", "台州学院", "丽水学院", "衢州学院", "温州医科大学", "浙江中医药大学",
	}
	industries = []string{
		"茶叶", "丝绸", "纺织", "服装", "皮革", "五金", "电机", "泵阀", "轴承", "汽车零部件", "电动车", "锂电池", "光伏",
		"家电", "厨具", "眼镜", "制笔", "鞋业", "袜业", "纽扣", "塑料", "化工", "医药", "医疗器械", "食品", "黄酒",
		"水产", "竹木", "家具", "建材", "物流", "电子商务", "软件", "集成电路", "智能装备", "模具", "缝制设备", "印染",
		"物业管理", "旅游", "养老服务", "家政服务",
	}
	brandChars      = []rune("恒达鑫华盛新远宏泰康美通瑞丰源力昌荣信安联创中天正永博金海明德兴隆佳利嘉益腾飞宇辰星光")
	companySuffixes = []string{"有限公司", "股份有限公司", "集团有限公司", "科技有限公司", "实业有限公司"}
	bureaus         = []string{"市场监督管理局", "农业农村局", "住房和城乡建设局", "大数据发展管理局", "经济和信息化局", "商务局", "文化广电旅游局", "生态环境局"}
	provinceBodies  = []string{
		"浙江省市场监督管理局", "浙江省经济和信息化厅", "浙江省农业农村厅", "浙江省住房和城乡建设厅", "浙江省大数据发展管理局",
		"浙江省商务厅", "浙江省文化广电和旅游厅", "浙江省生态环境厅", "浙江省民政厅", "浙江省卫生健康委员会", "浙江省交通运输厅", "浙江省水利厅",
	}
	knownAssociations = []string{"浙江省品牌建设联合会", "浙江省标准化协会", "浙江省质量协会", "浙江省产品与工程标准化协会", "浙江省企业联合会"}
	otherKinds        = []string{"检验检测中心", "标准化服务中心", "认证中心", "质量技术服务中心", "知识产权服务中心"}
)

// category is the field a subject belongs to; it decides the words that
// follow it in a title.
type category int

const (
	catProduct category = iota
	catAgri
	catService
	catDigital
	catEnv
	catBuild
	numCategories
)

// subject is what a standard is about.
type subject struct {
	zh, en   string
	ics, ccs string
	cat      category
}

var subjects = []subject{
	// Products and manufacturing.
	{"电动自行车", "Electric bicycles", "43.150", "Y14", catProduct},
	{"锂离子电池", "Lithium-ion batteries", "29.220.30", "K82", catProduct},
	{"电动自行车用锂离子电池", "Lithium-ion batteries for electric bicycles", "29.220.30", "K82", catProduct},
	{"永磁同步电动机", "Permanent magnet synchronous motors", "29.160.30", "K22", catProduct},
	{"三相异步电动机", "Three-phase asynchronous motors", "29.160.30", "K22", catProduct},
	{"工业阀门", "Industrial valves", "23.060.01", "J16", catProduct},
	{"球阀", "Ball valves", "23.060.20", "J16", catProduct},
	{"离心泵", "Centrifugal pumps", "23.080", "J71", catProduct},
	{"滚动轴承", "Rolling bearings", "21.100.20", "J11", catProduct},
	{"紧固件", "Fasteners", "21.060.01", "J13", catProduct},
	{"汽车制动器", "Automotive brakes", "43.040.40", "T24", catProduct},
	{"汽车空调压缩机", "Automotive air-conditioning compressors", "43.040.60", "T47", catProduct},
	{"光伏组件", "Photovoltaic modules", "27.160", "F12", catProduct},
	{"智能电能表", "Smart electricity meters", "17.220.20", "N22", catProduct},
	{"电线电缆", "Electric wires and cables", "29.060.20", "K13", catProduct},
	{"家用电冰箱", "Household refrigerators", "97.040.30", "Y61", catProduct},
	{"电饭锅", "Electric rice cookers", "97.040.50", "Y62", catProduct},
	{"不锈钢厨具", "Stainless steel kitchenware", "97.040.60", "Y26", catProduct},
	{"缝纫机", "Sewing machines", "61.080", "Y15", catProduct},
	{"眼镜架", "Spectacle frames", "11.040.70", "C40", catProduct},
	{"中性笔", "Gel ink pens", "97.180", "Y51", catProduct},
	{"真丝绸", "Pure silk fabrics", "59.080.30", "W41", catProduct},
	{"羊毛衫", "Wool knitwear", "61.020", "W63", catProduct},
	{"袜子", "Socks", "61.020", "Y76", catProduct},
	{"领带", "Neckties", "61.020", "Y76", catProduct},
	{"皮鞋", "Leather shoes", "61.060", "Y78", catProduct},
	{"五金工具", "Hardware tools", "25.140.30", "J41", catProduct},
	{"注塑模具", "Injection moulds", "25.120.30", "J46", catProduct},
	{"数控机床", "CNC machine tools", "25.040.20", "J50", catProduct},
	{"工业机器人", "Industrial robots", "25.040.30", "J28", catProduct},
	{"医用口罩", "Medical face masks", "11.140", "C48", catProduct},
	{"一次性使用输液器", "Single-use infusion sets", "11.040.20", "C31", catProduct},
	{"塑料管道", "Plastic piping", "23.040.20", "G33", catProduct},
	{"实木家具", "Solid wood furniture", "97.140", "Y80", catProduct},
	{"竹制品", "Bamboo products", "79.060", "B69", catProduct},
	{"集成电路封装", "Integrated circuit packaging", "31.200", "L55", catProduct},
	// Agriculture and food.
	{"茶叶", "Tea", "67.140.10", "X55", catAgri},
	{"绿茶", "Green tea", "67.140.10", "X55", catAgri},
	{"红茶", "Black tea", "67.140.10", "X55", catAgri},
	{"西湖龙井茶", "Xihu Longjing tea", "67.140.10", "X55", catAgri},
	{"安吉白茶", "Anji white tea", "67.140.10", "X55", catAgri},
	{"径山茶", "Jingshan tea", "67.140.10", "X55", catAgri},
	{"抹茶", "Matcha", "67.140.10", "X55", catAgri},
	{"杨梅", "Chinese bayberry", "65.020.20", "B31", catAgri},
	{"柑橘", "Citrus", "65.020.20", "B31", catAgri},
	{"水稻", "Rice", "65.020.20", "B22", catAgri},
	{"食用菌", "Edible fungi", "65.020.20", "B38", catAgri},
	{"铁皮石斛", "Dendrobium officinale", "11.120.10", "C23", catAgri},
	{"绍兴黄酒", "Shaoxing rice wine", "67.160.10", "X62", catAgri},
	{"金华火腿", "Jinhua ham", "67.120.10", "X22", catAgri},
	{"榨菜", "Preserved mustard tuber", "67.080.20", "X26", catAgri},
	{"大黄鱼", "Large yellow croaker", "65.150", "B52", catAgri},
	{"小龙虾", "Crayfish", "65.150", "B52", catAgri},
	{"蜂蜜", "Honey", "67.180.10", "X17", catAgri},
	// Services and society.
	{"未来社区", "Future communities", "03.080.30", "A12", catService},
	{"未来乡村", "Future villages", "03.080.30", "A12", catService},
	{"养老服务", "Elderly care services", "03.080.30", "A12", catService},
	{"家政服务", "Domestic services", "03.080.30", "A12", catService},
	{"物业服务", "Property management services", "03.080.10", "A12", catService},
	{"旅游民宿", "Tourist homestays", "03.200", "A12", catService},
	{"景区", "Scenic areas", "03.200", "A12", catService},
	{"政务服务", "Government services", "03.160", "A10", catService},
	{"共同富裕示范区", "Common prosperity demonstration zones", "03.160", "A10", catService},
	{"婴幼儿照护服务", "Infant and toddler care services", "03.080.30", "A12", catService},
	{"电子商务", "E-commerce", "03.080.01", "A10", catService},
	{"冷链物流", "Cold-chain logistics", "03.220.01", "A85", catService},
	// Digital government and the digital economy.
	{"数字化改革", "Digital reform", "35.240.01", "L70", catDigital},
	{"公共数据", "Public data", "35.240.01", "L70", catDigital},
	{"数据安全", "Data security", "35.030", "L80", catDigital},
	{"电子证照", "Electronic licences", "35.240.30", "L70", catDigital},
	{"城市大脑", "City brain", "35.240.99", "L70", catDigital},
	{"智慧停车", "Smart parking", "35.240.60", "L70", catDigital},
	{"数字乡村", "Digital villages", "35.240.99", "L70", catDigital},
	{"工业互联网平台", "Industrial internet platforms", "35.240.50", "L67", catDigital},
	{"未来工厂", "Future factories", "25.040.01", "J07", catDigital},
	{"健康码", "Health codes", "35.240.80", "L70", catDigital},
	// Environment and energy.
	{"碳排放", "Carbon emissions", "13.020.40", "Z04", catEnv},
	{"生活垃圾分类", "Household waste sorting", "13.030.40", "Z05", catEnv},
	{"城镇污水处理厂", "Urban sewage treatment plants", "13.060.30", "Z23", catEnv},
	{"河湖长制", "River and lake chief system", "13.060.01", "Z11", catEnv},
	{"美丽河湖", "Beautiful rivers and lakes", "13.060.01", "Z11", catEnv},
	{"工业固体废物", "Industrial solid waste", "13.030.10", "Z05", catEnv},
	{"综合能耗", "Comprehensive energy consumption", "27.010", "F01", catEnv},
	// Building.
	{"装配式建筑", "Prefabricated buildings", "91.010.30", "P32", catBuild},
	{"绿色建筑", "Green buildings", "91.120.10", "P30", catBuild},
	{"住宅工程", "Residential construction", "91.040.30", "P32", catBuild},
	{"海绵城市", "Sponge cities", "93.030", "P41", catBuild},
	{"城市地下综合管廊", "Urban underground utility tunnels", "93.025", "P41", catBuild},
	{"农村生活污水处理设施", "Rural domestic sewage treatment facilities", "93.030", "P41", catBuild},
}

// aspect is what a standard says about its subject.
type aspect struct{ zh, en string }

var aspects = [numCategories][]aspect{
	catProduct: {
		{"技术要求", "Technical requirements"}, {"通用技术条件", "General specification"},
		{"安全技术规范", "Safety technical specification"}, {"试验方法", "Test methods"},
		{"检测方法", "Testing methods"}, {"能效限定值及能效等级", "Minimum allowable values of energy efficiency and energy efficiency grades"},
		{"质量分级", "Quality grading"}, {"质量追溯规范", "Specification for quality traceability"},
		{"术语定义", "Terms and definitions"}, {"绿色产品评价", "Green product assessment"},
	},
	catAgri: {
		{"生产技术规程", "Code of practice for production"}, {"加工技术规程", "Code of practice for processing"},
		{"种植技术规程", "Code of practice for cultivation"}, {"质量追溯规范", "Specification for quality traceability"},
		{"等级划分", "Grading"}, {"贮运规范", "Specification for storage and transport"},
		{"感官审评方法", "Methods of sensory evaluation"}, {"地理标志产品", "Product of geographical indication"},
	},
	catService: {
		{"服务规范", "Service specification"}, {"建设规范", "Specification for construction"},
		{"评价指南", "Guidelines for evaluation"}, {"管理规范", "Management specification"},
		{"运营规范", "Specification for operation"}, {"服务质量评价", "Evaluation of service quality"},
		{"术语定义", "Terms and definitions"},
	},
	catDigital: {
		{"术语定义", "Terms and definitions"}, {"数据元规范", "Specification for data elements"},
		{"建设指南", "Guidelines for construction"}, {"数据共享规范", "Specification for data sharing"},
		{"安全技术规范", "Safety technical specification"}, {"接口规范", "Interface specification"},
		{"评价指南", "Guidelines for evaluation"},
	},
	catEnv: {
		{"核算方法", "Accounting methods"}, {"排放标准", "Discharge standard"},
		{"技术规范", "Technical specification"}, {"监测技术规范", "Technical specification for monitoring"},
		{"运行维护规范", "Specification for operation and maintenance"}, {"评价指南", "Guidelines for evaluation"},
	},
	catBuild: {
		{"设计规范", "Code for design"}, {"施工及验收规范", "Code for construction and acceptance"},
		{"评价标准", "Assessment standard"}, {"技术规程", "Technical specification"},
		{"运行维护规范", "Specification for operation and maintenance"},
	},
}

// qualifiers sometimes precede a product subject.
var qualifiers = []struct{ zh, en string }{
	{"智能", "Intelligent "}, {"绿色", "Green "}, {"高效节能", "Energy-efficient "}, {"低碳", "Low-carbon "},
}

// Number prefixes.
var (
	// industryPrefixes are sector codes of industry standards.
	industryPrefixes = []string{
		"JB", "HG", "QB", "NY", "SN", "YY", "FZ", "SJ", "YD", "JT", "SB", "GA", "DL", "LY", "SC", "WB",
		"MZ", "CJ", "JG", "JC", "AQ", "GH", "QC", "SL", "NB", "HJ",
	}
	// groupCodes are associations that publish group standards besides
	// ZZB (浙江省品牌建设联合会, the 浙江制造 standards).
	groupCodes = []string{"ZS", "ZJAS", "ZJSX", "CAS", "CECS", "CNIA", "HZAS", "NBAS", "WZAS", "ZJFIA", "CSAE", "ZJQX", "ZJPA", "SXAS"}
	// technicalCommittees are SAC committees (national and industry).
	technicalCommittees = []string{"SAC/TC 22", "SAC/TC 28", "SAC/TC 46", "SAC/TC 51", "SAC/TC 93", "SAC/TC 114", "SAC/TC 188", "SAC/TC 232", "SAC/TC 339", "SAC/TC 426", "SAC/TC 563", "SAC/TC 592"}
)
