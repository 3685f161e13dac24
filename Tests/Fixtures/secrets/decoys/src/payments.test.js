// Stripe's published documentation test key: public, not a secret.
const stripe = require('stripe')('sk_test_4eC39HqLyjWDarjtT1zdp7dc');
const token = process.env.STRIPE_TOKEN;
const apiKey = config.get('apiKey');
const header = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.';
const notJwt = 'eyJub3QiOiJhIGp3dCJ9.eyJhbHNvIjoibm90In0.c2lnbmF0dXJlc2lnbmF0dXJl';
const color = '#5f2eea';
