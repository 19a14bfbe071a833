/**
 * Peak order rates that delivery platforms published themselves (through
 * their founders' or their own posts, as reported by the press), converted to
 * orders per second, for scale: each is a whole country's platform, not one
 * restaurant group. Only figures with a source; none estimated here.
 */
export interface PublishedPeak {
  platform: string;
  when: string;
  /** As published. */
  published: string;
  ordersPerSec: number;
  source: string;
}

export const PUBLISHED_PEAKS: PublishedPeak[] = [
  {
    platform: 'Swiggy (India, food)',
    when: "New Year's Eve 2021",
    published: '9,500 orders per minute',
    ordersPerSec: 9_500 / 60,
    source:
      'https://www.moneycontrol.com/news/trends/swiggy-clocks-a-lifetime-high-of-9500-orders-per-minute-on-new-years-eve-crosses-two-million-orders-mark-7889521.html',
  },
  {
    platform: 'Zomato (India, food)',
    when: "New Year's Eve 2023",
    published: '8,422 orders in the minute of 8:06 pm, "140 orders every second"',
    ordersPerSec: 8_422 / 60,
    source: 'https://menafn.com/1107672187/Zomato-War-Room-Handles-Order-Surge-With-Over-32-Lakh-Delivery-Boys',
  },
  {
    platform: 'Zomato (India, food)',
    when: "New Year's Eve 2021",
    published: '7,100 orders per minute',
    ordersPerSec: 7_100 / 60,
    source:
      'https://www.moneycontrol.com/news/trends/swiggy-clocks-a-lifetime-high-of-9500-orders-per-minute-on-new-years-eve-crosses-two-million-orders-mark-7889521.html',
  },
];

/** The benchmark's target: ten times Swiggy's published peak, on this one machine. */
export const TARGET_MULTIPLE = 10;
export const REFERENCE_PEAK = PUBLISHED_PEAKS[0]!;
