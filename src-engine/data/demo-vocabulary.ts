/** Word lists the demo generator draws from: names, services and expense descriptions that read like real books. */
import type { ExpenseCategory } from '../core/categories.js';

export interface DemoCompanySpec {
  name: string;
  currency: string;
  time_zone: string;
  /** Tax charged to taxable clients, basis points (SST 6% in Malaysia, GST 9% in Singapore). */
  taxRateBp: number;
  phonePrefix: string;
  emailDomain: string;
}

export const DEMO_COMPANIES: readonly DemoCompanySpec[] = [
  {
    name: 'Kira Demo Trading Sdn Bhd',
    currency: 'MYR',
    time_zone: 'Asia/Kuala_Lumpur',
    taxRateBp: 600,
    phonePrefix: '+60 1',
    emailDomain: 'com.my',
  },
  {
    name: 'Lim & Partners Consulting',
    currency: 'MYR',
    time_zone: 'Asia/Kuala_Lumpur',
    taxRateBp: 600,
    phonePrefix: '+60 1',
    emailDomain: 'my',
  },
  {
    name: 'Harbour Design Pte Ltd',
    currency: 'SGD',
    time_zone: 'Asia/Singapore',
    taxRateBp: 900,
    phonePrefix: '+65 9',
    emailDomain: 'com.sg',
  },
];

export const CLIENT_FIRST = [
  'Tan',
  'Lim',
  'Wong',
  'Lee',
  'Ng',
  'Ong',
  'Chan',
  'Goh',
  'Teo',
  'Koh',
  'Ahmad',
  'Siti',
  'Farid',
  'Nurul',
  'Aziz',
  'Rajan',
  'Kumar',
  'Devi',
  'Arjun',
  'Mei',
  'Hui',
  'Zainal',
  'Hassan',
  'Yusof',
  'Chong',
  'Leong',
  'Foo',
  'Yap',
  'Low',
  'Chua',
];
export const CLIENT_SECOND = [
  'Holdings',
  'Trading',
  'Engineering',
  'Logistics',
  'Bakery',
  'Clinic',
  'Studio',
  'Motors',
  'Textiles',
  'Foods',
  'Builders',
  'Electrical',
  'Printing',
  'Florist',
  'Dental',
  'Optical',
  'Hardware',
  'Marine',
  'Travel',
  'Learning Centre',
  'Kopitiam',
  'Furniture',
  'Pharmacy',
  'Plastics',
  'Realty',
  'Tech',
  'Media',
  'Catering',
  'Aquatics',
  'Legal',
];
export const CLIENT_SUFFIX = ['Sdn Bhd', 'Enterprise', '& Sons', 'Bhd', 'PLT', 'Pte Ltd', 'Ventures', 'Group'];

export const SERVICES = [
  'Bookkeeping (monthly)',
  'Payroll processing',
  'Tax filing',
  'Advisory session',
  'Website maintenance',
  'Logo design',
  'Consulting hours',
  'Annual audit support',
  'Delivery charges',
  'Installation',
  'Training workshop',
  'Photography',
  'Copywriting',
  'Social media management',
  'Hardware supply',
  'Cloud hosting',
  'Repair and servicing',
  'Project management',
];

export const EXPENSE_TEXT: Record<ExpenseCategory, readonly string[]> = {
  office_supplies: ['Printer paper', 'Toner cartridge', 'Stationery', 'Filing folders', 'Whiteboard markers', 'Pantry supplies'],
  travel: ['Grab ride', 'Flight KUL–SIN', 'Hotel, client visit', 'Toll and parking', 'Petrol', 'Train ticket', 'Flight to Penang'],
  meals: ['Client lunch', 'Team dinner', 'Coffee meeting', 'Working lunch', 'Festive dinner'],
  utilities: ['Electricity', 'Water', 'Internet (fibre)', 'Mobile plan'],
  rent: ['Office rent', 'Storage unit', 'Meeting room hire'],
  marketing: ['Facebook ads', 'Google ads', 'Printed brochures', 'Trade fair booth', 'Sponsored post'],
  software: ['Accounting software', 'Microsoft 365', 'Design tools', 'Cloud storage', 'Video calls'],
  equipment: ['Laptop', 'Monitor', 'Office chair', 'Printer', 'Router', 'Phone'],
  professional: ['Audit fee', 'Legal advice', 'Company secretary', 'Tax agent', 'IT support contract'],
  insurance: ['Business insurance', 'Fire insurance', 'Professional indemnity'],
  taxes: ['Stamp duty', 'Business licence', 'SST payment', 'Road tax', 'Corporate tax instalment'],
  other: ['Bank charges', 'Courier', 'Donation', 'Miscellaneous', 'Gifts for clients'],
};
