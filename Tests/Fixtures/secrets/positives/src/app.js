// payment and shop clients (test fixture, fake credentials)
const stripe = require('stripe')('rk_live_v5n6RZ5yRh25OlHKDxlShkaL');
const stripeTest = 'sk_test_jPxEkNZARbex6xQAhyzh2FJI';
const webhookSecret = 'whsec_0WABtcApJZ1xxmQWcsuLPH9ry81pawCS';
const square = { token: 'sq0atp-Tp6Lmgy1SCn0gS8FQtksC2', secret: 'sq0csp-2vJSNfpnygFpIra_H46-0Z3GL8WN8xcAGjq9reRWlz4' };
const shopify = ['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', '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'];
const shopifyPrivate = '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'; const shopifySecret = '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';
const shippo = 'shippo_live_334e1988c46291c957448961bf9c70943955fed2';
const easypost = 'EZAKT2F5XU7Edh1jwavQHB6VljpPL4cQboiDXyRa7S5UP1xWwlFPQXC666';
const session = 'Bearer eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAiMzMzMjg2NTAiLCAibmFtZSI6ICJzdmMtZ3hkaGVjIiwgImlhdCI6IDE3MDAyNTcwNDR9.35F39UUQHE8qjX9II0x3gNPdSDNPo1fJeWC1-AkLbi9';
const fb = 'EAACEdEose0cBAfJV4BwF6Y3sAsFFgwdcIKeFWPjqtVhRB8Z0gWbDO';
