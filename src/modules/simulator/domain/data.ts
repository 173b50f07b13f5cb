/** Static vocabulary of the simulated marketplace: category tree, product nouns, names, regions. */

/** How a level-3 category's SKUs vary: the attribute name, its values and the price multiplier of each. */
export type VariantKind = 'weight' | 'volume' | 'size' | 'shoe' | 'color' | 'spec' | 'pack' | 'flavor';
export const VARIANTS: Record<VariantKind, { attr: string; values: [string, number][] }> = {
  weight: {
    attr: 'weight',
    values: [
      ['250g', 0.6],
      ['500g', 1],
      ['1kg', 1.8],
      ['2kg', 3.3],
    ],
  },
  volume: {
    attr: 'volume',
    values: [
      ['30ml', 0.6],
      ['50ml', 1],
      ['100ml', 1.7],
      ['200ml', 2.9],
    ],
  },
  size: {
    attr: 'size',
    values: [
      ['S', 1],
      ['M', 1],
      ['L', 1],
      ['XL', 1.05],
      ['XXL', 1.1],
    ],
  },
  shoe: {
    attr: 'size',
    values: [
      ['37', 1],
      ['38', 1],
      ['39', 1],
      ['40', 1],
      ['41', 1],
      ['42', 1],
      ['43', 1],
      ['44', 1],
    ],
  },
  color: {
    attr: 'color',
    values: [
      ['black', 1],
      ['white', 1],
      ['grey', 1],
      ['navy', 1],
      ['red', 1.05],
      ['green', 1.05],
    ],
  },
  spec: {
    attr: 'spec',
    values: [
      ['standard', 1],
      ['plus', 1.3],
      ['pro', 1.7],
    ],
  },
  pack: {
    attr: 'pack',
    values: [
      ['1 pack', 1],
      ['3 packs', 2.7],
      ['6 packs', 5.1],
    ],
  },
  flavor: {
    attr: 'flavor',
    values: [
      ['original', 1],
      ['spicy', 1],
      ['honey', 1.05],
      ['sea salt', 1],
    ],
  },
};

/** A level-3 category: English and Chinese names, price range in yuan, product nouns, variant kind. */
export interface L3Def {
  name: string;
  zh: string;
  price: [number, number];
  nouns: string[];
  variant: VariantKind;
}
export interface L2Def {
  name: string;
  zh: string;
  children: L3Def[];
}
export interface L1Def {
  name: string;
  zh: string;
  /** Word used in merchant, store and creator names. */
  word: string[];
  /** Relative share of products (catalog depth) and of demand. */
  share: number;
  /** How much this category sells through live streams (beauty and food lead). */
  liveAffinity: number;
  children: L2Def[];
}

const l3 = (
  name: string,
  zh: string,
  price: [number, number],
  variant: VariantKind,
  nouns: string[],
): L3Def => ({ name, zh, price, nouns, variant });

export const CATEGORY_TREE: L1Def[] = [
  {
    name: 'Food',
    zh: '食品饮料',
    word: ['Foods', 'Pantry', 'Snacks', 'Kitchen'],
    share: 1.4,
    liveAffinity: 1.3,
    children: [
      {
        name: 'Snacks',
        zh: '休闲零食',
        children: [
          l3('Nuts', '坚果', [19.9, 139], 'weight', [
            'Roasted almonds',
            'Walnuts',
            'Cashews',
            'Pistachios',
            'Mixed nuts',
            'Macadamia nuts',
          ]),
          l3('Dried fruit', '果干', [9.9, 79], 'weight', [
            'Dried mango',
            'Raisins',
            'Dried strawberries',
            'Dried apricots',
            'Goji berries',
          ]),
          l3('Biscuits', '饼干糕点', [9.9, 89], 'flavor', [
            'Butter cookies',
            'Soda crackers',
            'Egg rolls',
            'Pineapple cakes',
            'Mooncakes',
          ]),
        ],
      },
      {
        name: 'Beverages',
        zh: '饮料冲调',
        children: [
          l3('Tea', '茶叶', [29, 699], 'weight', [
            'Longjing green tea',
            'Pu-erh tea',
            'Oolong tea',
            'Jasmine tea',
            'Black tea',
          ]),
          l3('Coffee', '咖啡', [19.9, 299], 'pack', [
            'Drip coffee bags',
            'Coffee beans',
            'Instant coffee',
            'Cold brew concentrate',
          ]),
          l3('Juice & milk', '果汁乳品', [19.9, 99], 'pack', [
            'Orange juice',
            'Coconut water',
            'Oat milk',
            'Yogurt drink',
          ]),
        ],
      },
      {
        name: 'Fresh',
        zh: '生鲜',
        children: [
          l3('Fruit', '水果', [19.9, 199], 'weight', [
            'Cherries',
            'Kiwi fruit',
            'Mangoes',
            'Blueberries',
            'Navel oranges',
          ]),
          l3('Seafood', '海鲜水产', [49, 599], 'weight', [
            'Shrimp',
            'Hairy crabs',
            'Salmon fillet',
            'Scallops',
            'Squid',
          ]),
          l3('Meat', '肉类', [29, 399], 'weight', [
            'Beef steak',
            'Pork ribs',
            'Chicken breast',
            'Lamb chops',
          ]),
        ],
      },
      {
        name: 'Grain & oil',
        zh: '粮油调味',
        children: [
          l3('Rice', '大米', [29, 159], 'weight', [
            'Northeast rice',
            'Jasmine rice',
            'Brown rice',
            'Glutinous rice',
          ]),
          l3('Cooking oil', '食用油', [29, 199], 'volume', [
            'Peanut oil',
            'Olive oil',
            'Rapeseed oil',
            'Sesame oil',
          ]),
          l3('Noodles & sauces', '面条调味', [9.9, 69], 'pack', [
            'Hand-pulled noodles',
            'Soy sauce',
            'Chili sauce',
            'Rice noodles',
          ]),
        ],
      },
    ],
  },
  {
    name: 'Beauty',
    zh: '美妆个护',
    word: ['Beauty', 'Cosmetics', 'Skin', 'Glow'],
    share: 1.2,
    liveAffinity: 1.6,
    children: [
      {
        name: 'Skincare',
        zh: '面部护肤',
        children: [
          l3('Face cream', '面霜', [59, 899], 'volume', [
            'Hydrating face cream',
            'Night repair cream',
            'Anti-wrinkle cream',
            'Soothing gel cream',
          ]),
          l3('Serum', '精华', [79, 1299], 'volume', [
            'Vitamin C serum',
            'Hyaluronic acid serum',
            'Retinol serum',
            'Niacinamide serum',
          ]),
          l3('Cleanser', '洁面', [29, 229], 'volume', [
            'Amino acid cleanser',
            'Foaming cleanser',
            'Cleansing oil',
            'Micellar water',
          ]),
        ],
      },
      {
        name: 'Makeup',
        zh: '彩妆',
        children: [
          l3('Lipstick', '口红', [39, 399], 'color', [
            'Matte lipstick',
            'Lip gloss',
            'Lip tint',
            'Velvet lip cream',
          ]),
          l3('Foundation', '粉底', [69, 599], 'color', [
            'Liquid foundation',
            'Cushion compact',
            'BB cream',
            'Concealer',
          ]),
          l3('Eye makeup', '眼妆', [29, 399], 'color', [
            'Eyeshadow palette',
            'Mascara',
            'Eyeliner',
            'Brow pencil',
          ]),
        ],
      },
      {
        name: 'Personal care',
        zh: '个人护理',
        children: [
          l3('Shampoo', '洗发护发', [19.9, 159], 'volume', [
            'Anti-dandruff shampoo',
            'Repair conditioner',
            'Scalp care shampoo',
            'Hair mask',
          ]),
          l3('Body wash', '沐浴露', [19.9, 129], 'volume', [
            'Shower gel',
            'Body lotion',
            'Hand cream',
            'Body scrub',
          ]),
          l3('Oral care', '口腔护理', [9.9, 399], 'pack', [
            'Whitening toothpaste',
            'Electric toothbrush',
            'Mouthwash',
            'Dental floss',
          ]),
        ],
      },
      {
        name: 'Fragrance',
        zh: '香水',
        children: [
          l3('Perfume', '香水', [99, 1299], 'volume', [
            'Eau de parfum',
            'Eau de toilette',
            'Solid perfume',
            'Perfume gift set',
          ]),
        ],
      },
    ],
  },
  {
    name: 'Apparel',
    zh: '服饰鞋包',
    word: ['Fashion', 'Wear', 'Style', 'Closet'],
    share: 1.2,
    liveAffinity: 1.3,
    children: [
      {
        name: 'Women',
        zh: '女装',
        children: [
          l3('Dresses', '连衣裙', [79, 699], 'size', [
            'Floral midi dress',
            'Knit dress',
            'Shirt dress',
            'Slip dress',
          ]),
          l3('Knitwear', '针织衫', [69, 599], 'size', [
            'Cashmere sweater',
            'Cardigan',
            'Turtleneck',
            'Knit vest',
          ]),
          l3('Coats', '外套', [199, 1999], 'size', [
            'Wool coat',
            'Down jacket',
            'Trench coat',
            'Puffer vest',
          ]),
        ],
      },
      {
        name: 'Men',
        zh: '男装',
        children: [
          l3('T-shirts', 'T恤', [29, 299], 'size', [
            'Cotton T-shirt',
            'Polo shirt',
            'Graphic tee',
            'Long-sleeve tee',
          ]),
          l3('Jackets', '夹克', [149, 1599], 'size', [
            'Bomber jacket',
            'Denim jacket',
            'Windbreaker',
            'Fleece jacket',
          ]),
          l3('Trousers', '裤子', [69, 499], 'size', ['Chinos', 'Jeans', 'Cargo pants', 'Joggers']),
        ],
      },
      {
        name: 'Shoes',
        zh: '鞋靴',
        children: [
          l3('Sneakers', '休闲鞋', [99, 999], 'shoe', [
            'Canvas sneakers',
            'White leather sneakers',
            'Slip-on shoes',
            'Dad sneakers',
          ]),
          l3('Boots', '靴子', [199, 1299], 'shoe', [
            'Chelsea boots',
            'Ankle boots',
            'Snow boots',
            'Work boots',
          ]),
        ],
      },
      {
        name: 'Bags & accessories',
        zh: '箱包配饰',
        children: [
          l3('Bags', '包袋', [69, 1599], 'color', ['Tote bag', 'Crossbody bag', 'Backpack', 'Wallet']),
          l3('Scarves & hats', '围巾帽子', [29, 399], 'color', [
            'Silk scarf',
            'Wool scarf',
            'Baseball cap',
            'Bucket hat',
          ]),
        ],
      },
    ],
  },
  {
    name: 'Home',
    zh: '家居日用',
    word: ['Home', 'Living', 'Nest', 'House'],
    share: 1.0,
    liveAffinity: 0.9,
    children: [
      {
        name: 'Kitchen',
        zh: '厨具',
        children: [
          l3('Cookware', '锅具', [79, 999], 'spec', [
            'Non-stick frying pan',
            'Cast iron wok',
            'Stainless steel pot',
            'Pressure cooker',
          ]),
          l3('Knives', '刀具', [39, 499], 'spec', ['Chef knife', 'Knife set', 'Cleaver', 'Kitchen scissors']),
          l3('Tableware', '餐具', [19.9, 299], 'pack', [
            'Ceramic bowls',
            'Chopsticks set',
            'Dinner plates',
            'Glass cups',
          ]),
        ],
      },
      {
        name: 'Bedding',
        zh: '床上用品',
        children: [
          l3('Duvets', '被子', [129, 1299], 'size', [
            'Silk duvet',
            'Down duvet',
            'Summer quilt',
            'Cotton comforter',
          ]),
          l3('Pillows', '枕头', [39, 399], 'spec', [
            'Memory foam pillow',
            'Latex pillow',
            'Buckwheat pillow',
            'Down pillow',
          ]),
          l3('Sheets', '床单', [59, 599], 'size', [
            'Cotton sheet set',
            'Linen duvet cover',
            'Fitted sheet',
            'Silk pillowcase',
          ]),
        ],
      },
      {
        name: 'Storage',
        zh: '收纳整理',
        children: [
          l3('Storage boxes', '收纳箱', [19.9, 199], 'pack', [
            'Foldable storage box',
            'Drawer organizer',
            'Vacuum bags',
            'Shoe box',
          ]),
          l3('Hangers & racks', '衣架', [9.9, 199], 'pack', [
            'Velvet hangers',
            'Clothes rack',
            'Over-door hooks',
          ]),
        ],
      },
      {
        name: 'Cleaning',
        zh: '清洁用品',
        children: [
          l3('Detergent', '洗衣液', [19.9, 99], 'volume', [
            'Laundry detergent',
            'Laundry pods',
            'Fabric softener',
            'Dish soap',
          ]),
          l3('Cleaning tools', '清洁工具', [19.9, 399], 'spec', [
            'Spin mop',
            'Microfiber cloths',
            'Lint roller',
            'Toilet brush',
          ]),
        ],
      },
    ],
  },
  {
    name: 'Digital',
    zh: '数码家电',
    word: ['Digital', 'Tech', 'Electronics', 'Gadgets'],
    share: 0.9,
    liveAffinity: 0.8,
    children: [
      {
        name: 'Phones',
        zh: '手机通讯',
        children: [
          l3('Smartphones', '智能手机', [799, 2999], 'spec', [
            '5G smartphone',
            'Camera phone',
            'Gaming phone',
            'Foldable phone',
          ]),
          l3('Phone cases', '手机壳', [9.9, 99], 'color', [
            'Silicone phone case',
            'Magnetic case',
            'Clear case',
            'Leather case',
          ]),
          l3('Chargers', '充电器', [29, 299], 'spec', [
            '65W fast charger',
            'Power bank',
            'Wireless charger',
            'USB-C cable',
          ]),
        ],
      },
      {
        name: 'Audio',
        zh: '影音',
        children: [
          l3('Earbuds', '耳机', [59, 1499], 'color', [
            'Wireless earbuds',
            'Noise-cancelling earbuds',
            'Sports earbuds',
            'Over-ear headphones',
          ]),
          l3('Speakers', '音箱', [69, 1299], 'color', [
            'Bluetooth speaker',
            'Smart speaker',
            'Soundbar',
            'Karaoke speaker',
          ]),
        ],
      },
      {
        name: 'Computers',
        zh: '电脑办公',
        children: [
          l3('Laptops', '笔记本', [1999, 2999], 'spec', ['Thin laptop', 'Gaming laptop', 'Student laptop']),
          l3('Keyboards', '键盘', [59, 699], 'color', [
            'Mechanical keyboard',
            'Wireless keyboard',
            'Keyboard and mouse set',
          ]),
          l3('Mice', '鼠标', [29, 499], 'color', ['Wireless mouse', 'Gaming mouse', 'Vertical mouse']),
        ],
      },
      {
        name: 'Smart devices',
        zh: '智能设备',
        children: [
          l3('Smartwatches', '智能手表', [199, 2999], 'color', [
            'Smartwatch',
            'Fitness band',
            'Kids smartwatch',
          ]),
          l3('Cameras', '相机', [299, 2999], 'spec', [
            'Action camera',
            'Security camera',
            'Instant camera',
            'Dash cam',
          ]),
        ],
      },
    ],
  },
  {
    name: 'Baby',
    zh: '母婴',
    word: ['Baby', 'Kids', 'Mom & Baby', 'Little Ones'],
    share: 0.8,
    liveAffinity: 1.1,
    children: [
      {
        name: 'Diapers',
        zh: '尿裤湿巾',
        children: [
          l3('Diapers', '纸尿裤', [59, 299], 'size', [
            'Ultra-thin diapers',
            'Pull-up pants',
            'Night diapers',
          ]),
          l3('Baby wipes', '湿巾', [19.9, 99], 'pack', [
            'Baby wipes',
            'Hand and mouth wipes',
            'Cotton soft towels',
          ]),
        ],
      },
      {
        name: 'Formula & food',
        zh: '奶粉辅食',
        children: [
          l3('Infant formula', '婴儿奶粉', [159, 599], 'spec', [
            'Stage 1 formula',
            'Stage 2 formula',
            'Stage 3 formula',
            'Goat milk formula',
          ]),
          l3('Baby food', '辅食', [19.9, 149], 'flavor', [
            'Rice cereal',
            'Fruit puree',
            'Teething biscuits',
            'Baby noodles',
          ]),
        ],
      },
      {
        name: 'Toys',
        zh: '玩具',
        children: [
          l3('Building blocks', '积木', [39, 999], 'spec', [
            'Building block set',
            'Magnetic tiles',
            'Wooden blocks',
          ]),
          l3('Plush toys', '毛绒玩具', [29, 299], 'color', ['Teddy bear', 'Plush bunny', 'Dinosaur plush']),
          l3('Educational toys', '益智玩具', [29, 499], 'spec', [
            'Puzzle',
            'Drawing board',
            'Learning tablet',
            'Science kit',
          ]),
        ],
      },
      {
        name: 'Baby gear',
        zh: '童车童床',
        children: [
          l3('Strollers', '婴儿推车', [399, 2999], 'color', [
            'Lightweight stroller',
            'Travel system stroller',
            'Jogging stroller',
          ]),
          l3('Car seats', '安全座椅', [499, 2599], 'color', [
            'Convertible car seat',
            'Booster seat',
            'Infant car seat',
          ]),
        ],
      },
    ],
  },
  {
    name: 'Sports',
    zh: '运动户外',
    word: ['Sports', 'Outdoor', 'Active', 'Fit'],
    share: 0.8,
    liveAffinity: 0.9,
    children: [
      {
        name: 'Fitness',
        zh: '健身训练',
        children: [
          l3('Yoga mats', '瑜伽垫', [39, 299], 'color', [
            'TPE yoga mat',
            'Natural rubber yoga mat',
            'Foldable yoga mat',
          ]),
          l3('Dumbbells', '哑铃', [49, 899], 'spec', [
            'Adjustable dumbbells',
            'Neoprene dumbbells',
            'Kettlebell',
          ]),
          l3('Resistance bands', '弹力带', [19.9, 149], 'pack', [
            'Resistance band set',
            'Pull-up band',
            'Hip band',
          ]),
        ],
      },
      {
        name: 'Outdoor',
        zh: '户外装备',
        children: [
          l3('Tents', '帐篷', [199, 2499], 'spec', ['Camping tent', 'Beach tent', 'Ultralight tent']),
          l3('Backpacks', '背包', [99, 999], 'color', ['Hiking backpack', 'Daypack', 'Waterproof backpack']),
          l3('Trekking poles', '登山杖', [49, 499], 'spec', [
            'Carbon trekking poles',
            'Folding trekking poles',
          ]),
        ],
      },
      {
        name: 'Cycling',
        zh: '骑行',
        children: [
          l3('Bicycles', '自行车', [699, 2999], 'spec', [
            'Road bike',
            'Folding bike',
            'Mountain bike',
            'Kids bike',
          ]),
          l3('Helmets', '头盔', [69, 699], 'color', ['Cycling helmet', 'Kids helmet', 'Commuter helmet']),
        ],
      },
      {
        name: 'Sportswear',
        zh: '运动服饰',
        children: [
          l3('Running shoes', '跑鞋', [199, 1299], 'shoe', [
            'Cushioned running shoes',
            'Carbon plate racers',
            'Trail running shoes',
          ]),
          l3('Activewear', '运动服', [59, 599], 'size', [
            'Sports bra',
            'Running shorts',
            'Yoga leggings',
            'Quick-dry tee',
          ]),
        ],
      },
    ],
  },
  {
    name: 'Pets',
    zh: '宠物',
    word: ['Pets', 'Paws', 'Pet Care', 'Whiskers'],
    share: 0.6,
    liveAffinity: 1.0,
    children: [
      {
        name: 'Pet food',
        zh: '宠物主粮',
        children: [
          l3('Dog food', '狗粮', [59, 599], 'weight', [
            'Adult dog food',
            'Puppy food',
            'Grain-free dog food',
          ]),
          l3('Cat food', '猫粮', [49, 599], 'weight', [
            'Adult cat food',
            'Kitten food',
            'Freeze-dried cat food',
            'Wet cat food',
          ]),
          l3('Pet treats', '宠物零食', [19.9, 149], 'flavor', [
            'Chicken jerky',
            'Cat sticks',
            'Dental chews',
          ]),
        ],
      },
      {
        name: 'Pet supplies',
        zh: '宠物用品',
        children: [
          l3('Cat litter', '猫砂', [29, 199], 'weight', [
            'Tofu cat litter',
            'Bentonite litter',
            'Mixed cat litter',
          ]),
          l3('Pet toys', '宠物玩具', [9.9, 129], 'color', ['Cat teaser wand', 'Chew toy', 'Ball launcher']),
          l3('Pet beds', '宠物窝垫', [39, 499], 'size', ['Cat bed', 'Dog bed', 'Cooling mat']),
        ],
      },
      {
        name: 'Pet health',
        zh: '宠物医疗',
        children: [
          l3('Supplements', '营养品', [29, 299], 'pack', [
            'Fish oil for pets',
            'Probiotics for pets',
            'Joint supplement',
          ]),
          l3('Dewormers', '驱虫药', [39, 259], 'pack', ['Flea and tick drops', 'Dewormer tablets']),
        ],
      },
    ],
  },
];

/**
 * Complementary level-3 categories of different level-1 categories, bought together from different stores
 * ("wine and wine glasses", "a pot and a spoon"): a buyer of one sometimes adds the other, from another store,
 * to the same checkout. Symmetric; names are level-3 names of CATEGORY_TREE.
 */
export const COMPLEMENTS: readonly (readonly [string, string])[] = [
  ['Cookware', 'Cooking oil'],
  ['Cookware', 'Noodles & sauces'],
  ['Cookware', 'Rice'],
  ['Knives', 'Meat'],
  ['Knives', 'Seafood'],
  ['Tableware', 'Tea'],
  ['Tableware', 'Coffee'],
  ['Lipstick', 'Dresses'],
  ['Lipstick', 'Bags'],
  ['Foundation', 'Dresses'],
  ['Foundation', 'Bags'],
  ['Eye makeup', 'Scarves & hats'],
  ['Perfume', 'Coats'],
  ['Perfume', 'Bags'],
  ['Cleanser', 'Yoga mats'],
  ['Body wash', 'Yoga mats'],
  ['Body wash', 'Activewear'],
  ['Serum', 'Pillows'],
  ['Smartwatches', 'Running shoes'],
  ['Earbuds', 'Activewear'],
  ['Bicycles', 'Smartwatches'],
  ['Helmets', 'Cameras'],
  ['Backpacks', 'Chargers'],
  ['Laptops', 'Backpacks'],
  ['Keyboards', 'Coffee'],
  ['Tents', 'Cookware'],
  ['Cat litter', 'Cleaning tools'],
  ['Pet beds', 'Sheets'],
  ['Baby wipes', 'Detergent'],
  ['Diapers', 'Detergent'],
  ['Baby food', 'Fruit'],
  ['Building blocks', 'Storage boxes'],
  ['Strollers', 'Bags'],
];

export const PRICE_WORDS = {
  cheap: ['Value', 'Daily', 'Basic', 'Everyday', 'Budget'],
  mid: ['Classic', 'Select', 'Fresh', 'New', 'Original', 'Signature'],
  premium: ['Premium', 'Luxury', 'Pro', 'Deluxe', 'Limited edition', 'Imported'],
};
export const TITLE_SUFFIXES = [
  'gift box',
  'family pack',
  'official',
  '2026 new',
  'best seller',
  'bundle',
  'value set',
  'free shipping',
  '',
];

export const MERCHANT_PREFIXES = [
  'Hill',
  'River',
  'Jade',
  'Golden',
  'Sunny',
  'Blue Bay',
  'Maple',
  'Lotus',
  'Pine',
  'Cloud',
  'Harbor',
  'Orchid',
  'Bamboo',
  'Peak',
  'Silk Road',
  'Red Lantern',
  'Willow',
  'Crane',
  'Amber',
  'Pearl',
  'Cedar',
  'Spring',
  'North Star',
  'Lucky',
  'Plum',
  'Tide',
  'Meadow',
  'Summit',
  'Osmanthus',
  'Peony',
  'Dragon Well',
  'Kite',
  'Lantern',
  'Granite',
  'Azure',
  'Coral',
  'Fern',
  'Echo',
  'Sage',
  'Zen',
];
export const CITIES = [
  'Hangzhou',
  'Shenzhen',
  'Guangzhou',
  'Shanghai',
  'Beijing',
  'Chengdu',
  'Wuhan',
  'Xiamen',
  'Suzhou',
  'Nanjing',
  'Yiwu',
  'Qingdao',
  'Changsha',
  "Xi'an",
  'Kunming',
  'Ningbo',
  'Dongguan',
  'Fuzhou',
  'Tianjin',
  'Chongqing',
];
export const MERCHANT_SUFFIXES = ['', ' Co.', ' Trading', ' Official', ' Group', ' Studio'];
export const STORE_SUFFIXES = [
  'Flagship Store',
  'Official Store',
  'Specialty Store',
  'Outlet',
  'Direct Store',
];

export const BRAND_SYLLABLES = [
  'Lu',
  'Mei',
  'Xin',
  'Ka',
  'Zen',
  'Ori',
  'Vel',
  'Tao',
  'Nova',
  'Yun',
  'Qi',
  'Bao',
  'Lin',
  'Sol',
  'Ama',
  'Kiri',
  'Fen',
  'Hua',
  'Ro',
  'Ming',
  'Ari',
  'Lum',
  'Tia',
  'Sen',
  'Vita',
  'Mo',
  'Ren',
  'Jia',
  'Ula',
  'Pax',
];
export const BRAND_ENDINGS = ['', 'ra', 'la', 'na', 'ko', 'xi', 'ta', 'lo', 'mi', 'ya', 'en', 'on', 'is'];

export const CREATOR_FIRST = [
  'Lily',
  'Tom',
  'Amy',
  'Leo',
  'Coco',
  'Max',
  'Mia',
  'Jack',
  'Yuki',
  'Nana',
  'Bo',
  'Xiaomei',
  'Dawei',
  'Chef Wang',
  'Auntie Li',
  'Kiki',
  'Momo',
  'Sunny',
  'Ivy',
  'Kai',
  'Lulu',
  'Ben',
  'Dudu',
  'Tina',
  'Alan',
  'Xiaoyu',
  'Feifei',
  'Jojo',
  'Lucas',
  'Anna',
];
export const CREATOR_WORDS: Record<string, string[]> = {
  Food: ['Eats', 'Tastes', 'Kitchen', 'Foodie'],
  Beauty: ['Glow', 'Beauty Diary', 'Makeup Lab', 'Skin Talk'],
  Apparel: ['Style', 'Looks', 'Outfits', 'Closet'],
  Home: ['Home Life', 'Cozy Home', 'Nest', 'Living'],
  Digital: ['Tech', 'Gadgets', 'Unboxing', 'Geek'],
  Baby: ['Mom', 'Baby Talk', 'Parenting', 'Little Ones'],
  Sports: ['Fit', 'Outdoors', 'Runs', 'Gym'],
  Pets: ['Pet Pals', 'Paws', 'Cat Life', 'Dog Days'],
};
export const AGENCY_NAMES = [
  'Starlight MCN',
  'Bright Star Media',
  'Rising Wave Agency',
  'Blue Ocean Talent',
  'Jade Stream MCN',
  'Sunrise Creators',
  'Golden Mic Media',
  'Moonbeam Talent',
  'Red Carpet MCN',
  'Silver Screen Agency',
  'Lighthouse Creators',
  'Panda Live Agency',
  'Northern Lights MCN',
  'Phoenix Media',
  'Orbit Talent',
];
export const SURNAMES = [
  'Wang',
  'Li',
  'Zhang',
  'Liu',
  'Chen',
  'Yang',
  'Huang',
  'Zhao',
  'Wu',
  'Zhou',
  'Xu',
  'Sun',
  'Ma',
  'Zhu',
  'Hu',
  'Guo',
  'He',
  'Lin',
  'Gao',
  'Luo',
];
export const GIVEN = [
  'Mei',
  'Wei',
  'Fang',
  'Jing',
  'Lei',
  'Yan',
  'Hao',
  'Ting',
  'Jun',
  'Xin',
  'Yu',
  'Bo',
  'Lan',
  'Qiang',
  'Hui',
  'Na',
  'Min',
  'Tao',
];

/** Provinces with population weight and the city tiers their users live in (weights over tiers 1..5). */
export const REGIONS: { name: string; weight: number; tiers: [number, number, number, number, number] }[] = [
  { name: 'Guangdong', weight: 12.6, tiers: [3, 3, 2, 1.5, 1] },
  { name: 'Jiangsu', weight: 8.5, tiers: [1, 3, 3, 2, 1] },
  { name: 'Zhejiang', weight: 6.5, tiers: [2, 3, 3, 2, 1] },
  { name: 'Shandong', weight: 10.2, tiers: [0.2, 2, 3, 3, 2] },
  { name: 'Henan', weight: 9.9, tiers: [0, 1.5, 2, 3, 3] },
  { name: 'Sichuan', weight: 8.4, tiers: [2, 0.5, 2, 3, 3] },
  { name: 'Hubei', weight: 5.8, tiers: [2, 0.5, 2, 3, 2] },
  { name: 'Hunan', weight: 6.6, tiers: [0.2, 2, 2, 3, 3] },
  { name: 'Hebei', weight: 7.5, tiers: [0, 1, 2.5, 3, 3] },
  { name: 'Fujian', weight: 4.2, tiers: [0.2, 2.5, 2.5, 2, 1.5] },
  { name: 'Shanghai', weight: 2.5, tiers: [9, 1, 0, 0, 0] },
  { name: 'Beijing', weight: 2.2, tiers: [9, 1, 0, 0, 0] },
  { name: 'Anhui', weight: 6.1, tiers: [0, 1.5, 2, 3, 3] },
  { name: 'Liaoning', weight: 4.3, tiers: [0, 2, 2.5, 2.5, 2] },
  { name: 'Shaanxi', weight: 3.9, tiers: [0, 2.5, 1.5, 2.5, 2.5] },
  { name: 'Jiangxi', weight: 4.5, tiers: [0, 1, 2, 3, 3] },
  { name: 'Chongqing', weight: 2.3, tiers: [0, 6, 2, 1, 1] },
  { name: 'Guangxi', weight: 3.6, tiers: [0, 1, 2, 3, 3] },
  { name: 'Yunnan', weight: 3.3, tiers: [0, 1.5, 1.5, 3, 3] },
  { name: 'Tianjin', weight: 1.0, tiers: [0, 8, 1, 1, 0] },
  { name: 'Shanxi', weight: 2.5, tiers: [0, 0.5, 2, 3, 3] },
  { name: 'Heilongjiang', weight: 2.2, tiers: [0, 0.5, 2, 3, 3] },
  { name: 'Jilin', weight: 1.7, tiers: [0, 0.5, 2, 3, 3] },
  { name: 'Guizhou', weight: 2.7, tiers: [0, 0.5, 2, 3, 3] },
  { name: 'Gansu', weight: 1.8, tiers: [0, 0, 1.5, 3, 3.5] },
  { name: 'Inner Mongolia', weight: 1.7, tiers: [0, 0, 2, 3, 3] },
  { name: 'Xinjiang', weight: 1.9, tiers: [0, 0, 2, 3, 3] },
  { name: 'Hainan', weight: 0.7, tiers: [0, 0, 2.5, 3, 2] },
  { name: 'Ningxia', weight: 0.5, tiers: [0, 0, 2, 3, 3] },
  { name: 'Qinghai', weight: 0.4, tiers: [0, 0, 1.5, 3, 3] },
  { name: 'Tibet', weight: 0.25, tiers: [0, 0, 1, 3, 4] },
];

export const AGE_WEIGHTS = [0.03, 0.16, 0.2, 0.2, 0.15, 0.16, 0.1]; // <18 … 50+
export const CARRIERS_FAST = ['SF Express', 'JD Logistics'];
export const CARRIERS = [
  'ZTO Express',
  'YTO Express',
  'STO Express',
  'Yunda Express',
  'EMS',
  'J&T Express',
  'SF Express',
];
export const PAY_METHODS = ['wechat', 'alipay', 'unionpay', 'credit_card'];
export const PAY_METHOD_WEIGHTS = [0.5, 0.38, 0.07, 0.05];

/** Short review texts by rating band (English and Chinese, as buyers write them). */
export const REVIEW_TEXTS: Record<'bad' | 'ok' | 'good', string[]> = {
  bad: [
    'Not as described, disappointed.',
    'Poor quality, would not buy again.',
    'Arrived damaged.',
    'Cheap material.',
    'Stopped working after two days.',
    '质量太差了',
    '和描述不符',
    '不推荐购买',
  ],
  ok: [
    'It is okay for the price.',
    'Average, nothing special.',
    'Acceptable quality.',
    'Fine, delivery was a bit slow.',
    '还可以吧',
    '一般般，凑合用',
  ],
  good: [
    'Great quality, fast delivery!',
    'Exactly as described, will buy again.',
    'Very good value.',
    'Love it!',
    'Excellent, highly recommend.',
    'Good packaging and fast shipping.',
    '质量很好，物流很快',
    '非常满意，会回购',
    '好评！性价比高',
  ],
};
export const LOGISTICS_COMPLAINT = ['Delivery took too long.', '物流太慢了'];
