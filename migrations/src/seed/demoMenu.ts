/** The demo restaurant's menu: prices in cents, EUR. */

export interface DemoOption {
  name: string;
  delta?: number;
}
export interface DemoGroup {
  name: string;
  min: number;
  max: number;
  options: DemoOption[];
}
export interface DemoItem {
  name: string;
  description: string;
  price: number;
  allergens?: string[];
  stock?: number;
  groups?: DemoGroup[];
}
export interface DemoCategory {
  name: string;
  items: DemoItem[];
}

const cooking: DemoGroup = {
  name: 'Cooking',
  min: 1,
  max: 1,
  options: [{ name: 'Rare' }, { name: 'Medium rare' }, { name: 'Medium' }, { name: 'Well done' }],
};
const milk: DemoGroup = {
  name: 'Milk',
  min: 0,
  max: 1,
  options: [
    { name: 'Oat milk', delta: 40 },
    { name: 'Lactose-free milk', delta: 30 },
  ],
};
const pizzaToppings: DemoGroup = {
  name: 'Extra toppings',
  min: 0,
  max: 4,
  options: [
    { name: 'Buffalo mozzarella', delta: 250 },
    { name: 'Nduja', delta: 200 },
    { name: 'Rocket', delta: 100 },
    { name: 'Chilli oil', delta: 50 },
    { name: 'Anchovies', delta: 150 },
  ],
};

export const DEMO_MENU: DemoCategory[] = [
  {
    name: 'Starters',
    items: [
      {
        name: 'Sourdough & cultured butter',
        description: 'Warm house sourdough, sea-salted butter.',
        price: 550,
        allergens: ['gluten', 'milk'],
      },
      {
        name: 'Burrata',
        description: 'Heirloom tomatoes, basil oil, toasted focaccia.',
        price: 1250,
        allergens: ['milk', 'gluten'],
      },
      {
        name: 'Fresh oysters',
        description: 'Half a dozen, shallot vinegar, lemon.',
        price: 1800,
        allergens: ['molluscs', 'sulphites'],
        stock: 24,
      },
      {
        name: 'Crispy calamari',
        description: 'Lemon aioli, smoked paprika.',
        price: 1100,
        allergens: ['molluscs', 'gluten', 'eggs'],
      },
      {
        name: 'Beetroot tartare',
        description: 'Horseradish crème, rye crumb, dill.',
        price: 950,
        allergens: ['milk', 'gluten', 'mustard'],
      },
    ],
  },
  {
    name: 'Mains',
    items: [
      {
        name: 'Harbour burger',
        description: 'Dry-aged beef, cheddar, pickles, brioche bun, fries.',
        price: 1650,
        allergens: ['gluten', 'milk', 'eggs', 'mustard', 'sesame'],
        groups: [
          cooking,
          {
            name: 'Extras',
            min: 0,
            max: 3,
            options: [
              { name: 'Smoked bacon', delta: 200 },
              { name: 'Avocado', delta: 250 },
              { name: 'Fried egg', delta: 150 },
            ],
          },
        ],
      },
      {
        name: 'Dry-aged ribeye 300 g',
        description: 'Chimichurri, charred shallot, beef-fat potatoes.',
        price: 3400,
        allergens: ['sulphites'],
        stock: 6,
        groups: [
          cooking,
          {
            name: 'Sauce',
            min: 1,
            max: 1,
            options: [
              { name: 'Chimichurri' },
              { name: 'Green peppercorn', delta: 150 },
              { name: 'Béarnaise', delta: 150 },
            ],
          },
        ],
      },
      {
        name: 'Catch of the day',
        description: 'Ask your server; brown butter, capers, new potatoes.',
        price: 2600,
        allergens: ['fish', 'milk'],
        stock: 8,
      },
      {
        name: 'Wild mushroom risotto',
        description: 'Carnaroli rice, aged parmesan, thyme.',
        price: 1900,
        allergens: ['milk', 'celery', 'sulphites'],
        groups: [
          {
            name: 'Add protein',
            min: 0,
            max: 1,
            options: [
              { name: 'Grilled chicken', delta: 450 },
              { name: 'King prawns', delta: 650 },
            ],
          },
        ],
      },
      {
        name: 'Fish & chips',
        description: 'Beer-battered cod, mushy peas, tartare sauce.',
        price: 1850,
        allergens: ['fish', 'gluten', 'eggs', 'mustard'],
      },
      {
        name: 'Roast half chicken',
        description: 'Lemon, garlic and herbs, jus, green salad.',
        price: 2150,
        allergens: ['celery'],
      },
    ],
  },
  {
    name: 'Pizza',
    items: [
      {
        name: 'Margherita',
        description: 'San Marzano tomato, fior di latte, basil.',
        price: 1150,
        allergens: ['gluten', 'milk'],
        groups: [
          {
            name: 'Size',
            min: 1,
            max: 1,
            options: [{ name: '30 cm' }, { name: '40 cm', delta: 400 }],
          },
          pizzaToppings,
        ],
      },
      {
        name: 'Diavola',
        description: 'Spicy salami, tomato, mozzarella, chilli honey.',
        price: 1450,
        allergens: ['gluten', 'milk'],
        groups: [
          {
            name: 'Size',
            min: 1,
            max: 1,
            options: [{ name: '30 cm' }, { name: '40 cm', delta: 400 }],
          },
          pizzaToppings,
        ],
      },
      {
        name: 'Funghi bianca',
        description: 'Garlic cream, roasted mushrooms, truffle oil.',
        price: 1500,
        allergens: ['gluten', 'milk'],
        groups: [pizzaToppings],
      },
      {
        name: 'Vegan garden',
        description: 'Tomato, grilled courgette, peppers, olives, vegan cheese.',
        price: 1400,
        allergens: ['gluten', 'soy'],
      },
    ],
  },
  {
    name: 'Sides',
    items: [
      { name: 'Skin-on fries', description: 'Rosemary salt.', price: 450 },
      {
        name: 'Truffle parmesan fries',
        description: 'Truffle oil, aged parmesan.',
        price: 650,
        allergens: ['milk'],
      },
      { name: 'Green salad', description: 'Little gem, shallot dressing.', price: 500, allergens: ['mustard'] },
      { name: 'Tenderstem broccoli', description: 'Chilli, garlic, almonds.', price: 600, allergens: ['nuts'] },
      { name: 'Mac & cheese', description: 'Three cheeses, crispy crumb.', price: 700, allergens: ['milk', 'gluten'] },
    ],
  },
  {
    name: 'Desserts',
    items: [
      {
        name: 'Chocolate fondant',
        description: 'Salted caramel ice cream. Please allow 12 minutes.',
        price: 950,
        allergens: ['milk', 'eggs', 'gluten'],
        stock: 12,
      },
      {
        name: 'Lemon tart',
        description: 'Crème fraîche, candied zest.',
        price: 850,
        allergens: ['milk', 'eggs', 'gluten'],
      },
      {
        name: 'Affogato',
        description: 'Vanilla gelato drowned in espresso.',
        price: 650,
        allergens: ['milk'],
        groups: [
          {
            name: 'Add a liqueur',
            min: 0,
            max: 1,
            options: [
              { name: 'Amaretto', delta: 400 },
              { name: 'Frangelico', delta: 400 },
            ],
          },
        ],
      },
      {
        name: 'Cheese board',
        description: 'Three cheeses, quince, crackers.',
        price: 1350,
        allergens: ['milk', 'gluten', 'sulphites'],
      },
    ],
  },
  {
    name: 'Drinks',
    items: [
      { name: 'Espresso', description: 'Single origin, roasted in town.', price: 280 },
      { name: 'Flat white', description: 'Double shot.', price: 390, allergens: ['milk'], groups: [milk] },
      { name: 'Cappuccino', description: 'Double shot.', price: 380, allergens: ['milk'], groups: [milk] },
      {
        name: 'House lemonade',
        description: 'Lemon, mint, sparkling water.',
        price: 450,
        groups: [{ name: 'Size', min: 1, max: 1, options: [{ name: '0.3 l' }, { name: '0.5 l', delta: 200 }] }],
      },
      { name: 'Sparkling water 0.75 l', description: 'Bottled in the Alps.', price: 550 },
      {
        name: 'Craft lager 0.4 l',
        description: 'Local brewery, unfiltered.',
        price: 520,
        allergens: ['gluten'],
      },
      {
        name: 'House red, glass',
        description: 'Montepulciano d’Abruzzo.',
        price: 690,
        allergens: ['sulphites'],
        groups: [{ name: 'Pour', min: 1, max: 1, options: [{ name: '0.1 l' }, { name: '0.2 l', delta: 590 }] }],
      },
    ],
  },
];
