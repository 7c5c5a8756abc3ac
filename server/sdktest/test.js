// End-to-end test of `cartfx serve` through the official Talon.One
// JavaScript SDK (talon_one 5.0.1-rc), unchanged but for its base path.
// It starts the server binary named by CARTFX_BIN on 127.0.0.1 with a
// free port over server/testdata/campaigns.yaml, drives every endpoint
// through IntegrationApi with the ApiKey-v1 prefix and asserts exact
// values. Run: CARTFX_BIN=/path/to/cartfx node test.js
'use strict';
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');
const TalonOne = require('talon_one');

const KEY = 'sdk-test-key';
const bin = process.env.CARTFX_BIN || 'cartfx';
const campaigns = path.join(__dirname, '..', 'testdata', 'campaigns.yaml');

// start runs cartfx serve and resolves with its address, read from the
// "serving addr=..." log line.
function start() {
  const child = spawn(bin, ['serve', '--campaigns', campaigns, '--addr', '127.0.0.1:0', '--base-path', '/talon'], {
    env: { ...process.env, CARTFX_API_KEYS: KEY },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error('cartfx serve did not start:\n' + log)), 15000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /msg=serving addr=(\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ child, addr: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`cartfx serve exited with ${code}:\n${log}`)));
  });
}

function client(addr, key) {
  const c = new TalonOne.ApiClient();
  c.basePath = `http://${addr}/talon`;
  c.authentications['api_key_v1'].apiKey = key;
  c.authentications['api_key_v1'].apiKeyPrefix = 'ApiKey-v1';
  return c;
}

const shoes = { sku: 'SH-1', name: 'Shoe', category: 'shoes', quantity: 2, price: 60 };

async function main() {
  const { child, addr } = await start();
  try {
    const c = client(addr, KEY);
    const api = new TalonOne.IntegrationApi(c);

    // A dry run.
    const body = TalonOne.IntegrationRequest.constructFromObject({
      customerSession: { profileId: 'p1', couponCodes: ['WELCOME5'], cartItems: [shoes] },
      responseContent: ['customerSession', 'customerProfile', 'triggeredCampaigns', 'loyalty'],
    });
    let st = await api.updateCustomerSessionV2('order/1', body, { dry: true });
    assert.ok(st instanceof TalonOne.IntegrationStateV2);
    assert.deepEqual(st.effects.map((e) => e.effectType),
      ['setDiscount', 'setDiscountPerItem', 'setDiscountPerItem', 'acceptCoupon', 'setDiscount', 'addLoyaltyPoints']);
    assert.equal(st.customerSession.id, 0);

    // Create the session.
    st = await api.updateCustomerSessionV2('order/1', body);
    assert.equal(st.customerSession.integrationId, 'order/1');
    assert.equal(st.customerSession.applicationId, 1);
    assert.equal(st.customerSession.state, 'open');
    assert.equal(st.customerSession.firstSession, true);
    assert.equal(st.customerSession.total, 120);
    assert.ok(st.customerSession.created instanceof Date);
    assert.ok(st.customerProfile instanceof TalonOne.CustomerProfile);
    assert.equal(st.customerProfile.integrationId, 'p1');
    assert.equal(st.customerProfile.accountId, 1);
    assert.deepEqual(st.triggeredCampaigns.map((x) => [x.id, x.name]),
      [[1, '10% off over 100'], [2, 'Shoes 20% off'], [3, 'WELCOME coupon'], [4, 'Earn points']]);
    assert.deepEqual(st.triggeredCampaigns[2].features, ['coupons']);
    const coupon = st.effects.find((e) => e.effectType === 'acceptCoupon');
    assert.equal(coupon.props.value, 'WELCOME5');
    assert.ok(coupon.triggeredByCoupon > 0);
    assert.equal(st.loyalty.programs['1'].title, 'Club');
    assert.equal(st.loyalty.programs['1'].ledger.tentativeCurrentBalance, 120);
    assert.deepEqual(st.effects.filter((e) => e.effectType === 'setDiscount').map((e) => e.props.value), [12, 5]);

    // Read it.
    let got = await api.getCustomerSession('order/1');
    assert.ok(got instanceof TalonOne.IntegrationCustomerSessionResponse);
    assert.equal(got.customerSession.integrationId, 'order/1');
    assert.equal(got.effects.length, 6);

    // Close it.
    st = await api.updateCustomerSessionV2('order/1', TalonOne.IntegrationRequest.constructFromObject({
      customerSession: { state: 'closed' }, responseContent: ['customerSession', 'customerProfile'],
    }));
    assert.equal(st.customerSession.state, 'closed');
    assert.equal(st.customerProfile.closedSessions, 1);
    assert.equal(st.customerProfile.totalSales, 120);

    // Return one shoe, with an Idempotency-Key (this SDK version has no
    // parameter for it: a default header does).
    c.defaultHeaders = { 'Idempotency-Key': 'ret-1' };
    const ret = TalonOne.ReturnIntegrationRequest.constructFromObject({
      return: { returnedCartItems: [{ position: 0, quantity: 1 }] }, responseContent: ['customerSession'],
    });
    st = await api.returnCartItems('order/1', ret);
    assert.equal(st.customerSession.state, 'partially_returned');
    assert.deepEqual(st.effects.map((e) => [e.effectType, e.props.value]),
      [['rollbackDiscount', 6], ['rollbackDiscount', 12], ['rollbackDiscount', 2.5], ['rollbackAddedLoyaltyPoints', 60]]);
    assert.equal(st['return'].sessionIntegrationId, 'order/1');
    assert.deepEqual(st['return'].returnedCartItems.map((x) => [x.position, x.quantity]), [[0, 1]]);
    const again = await api.returnCartItems('order/1', ret);
    assert.deepEqual(again.effects.map((e) => e.effectType), st.effects.map((e) => e.effectType));
    await assert.rejects(api.returnCartItems('order/1', TalonOne.ReturnIntegrationRequest.constructFromObject({
      return: { returnedCartItems: [{ position: 0, quantity: 2 }] },
    })), (err) => err.status === 409);
    c.defaultHeaders = {};

    // The partly returned session lost the returned unit's discount.
    got = await api.getCustomerSession('order/1');
    assert.equal(got.customerSession.state, 'partially_returned');
    assert.equal(got.effects.filter((e) => e.effectType === 'setDiscountPerItem').length, 1);

    // Balances.
    const bal = await api.getLoyaltyBalances(1, 'p1');
    assert.ok(bal instanceof TalonOne.LoyaltyBalances);
    assert.equal(bal.balance.activePoints, 60);
    assert.equal(bal.balance.pendingPoints, 0);
    // As of a date before the session: nothing yet.
    const before = await api.getLoyaltyBalances(1, 'p1', { endDate: new Date('2020-01-01T00:00:00Z') });
    assert.equal(before.balance.activePoints, 0);

    // A second session, closed at once, then reopened.
    await api.updateCustomerSessionV2('s2', TalonOne.IntegrationRequest.constructFromObject({
      customerSession: { profileId: 'p2', state: 'closed', cartItems: [shoes] },
    }));
    const reopened = await api.reopenCustomerSession('s2');
    assert.ok(reopened instanceof TalonOne.ReopenSessionResponse);
    assert.deepEqual(reopened.effects.map((e) => e.effectType),
      ['rollbackDiscount', 'rollbackDiscount', 'rollbackDiscount', 'rollbackDiscount', 'rollbackAddedLoyaltyPoints']);
    got = await api.getCustomerSession('s2');
    assert.equal(got.customerSession.state, 'open');

    // A profile update.
    st = await api.updateCustomerProfileV2('p1', TalonOne.CustomerProfileIntegrationRequestV2.constructFromObject({
      attributes: { tier: 'gold' }, responseContent: ['customerProfile'],
    }));
    assert.deepEqual(st.customerProfile.attributes, { tier: 'gold' });
    assert.equal(st.customerProfile.closedSessions, 1);

    // The gold profile's close creates a coupon for it: its inventory.
    st = await api.updateCustomerSessionV2('s3', TalonOne.IntegrationRequest.constructFromObject({
      customerSession: { profileId: 'p1', state: 'closed', cartItems: [shoes] },
    }));
    assert.equal(st.createdCoupons.length, 1);
    const gold = st.createdCoupons[0];
    assert.match(gold.value, /^GOLD-[0-9]{6}$/);
    const inv = await api.getCustomerInventory('p1', { profile: true, coupons: true, referrals: true, loyalty: true });
    assert.ok(inv instanceof TalonOne.CustomerInventory);
    assert.equal(inv.profile.integrationId, 'p1');
    assert.equal(inv.profile.closedSessions, 2);
    assert.equal(inv.coupons.length, 1);
    assert.ok(inv.coupons[0] instanceof TalonOne.InventoryCoupon);
    assert.deepEqual([inv.coupons[0].id, inv.coupons[0].value, inv.coupons[0].campaignId, inv.coupons[0].usageLimit,
      inv.coupons[0].usageCounter, inv.coupons[0].profileRedemptionCount, inv.coupons[0].state, inv.coupons[0].recipientIntegrationId],
    [gold.id, gold.value, 5, 1, 0, 0, 'active', 'p1']);
    assert.ok(inv.coupons[0].created instanceof Date);
    assert.deepEqual(inv.referrals, []);
    assert.equal(inv.loyalty.programs['1'].ledger.currentBalance, 180);
    assert.equal(inv.giveaways, undefined);
    await assert.rejects(api.getCustomerInventory('nobody', { coupons: true }), (err) => {
      assert.equal(err.status, 404);
      assert.equal(err.response.body.errors[0].source.parameter, 'integrationId');
      return true;
    });

    // Errors: an unknown session, a bad key.
    await assert.rejects(api.getCustomerSession('nobody'), (err) => {
      assert.equal(err.status, 404);
      assert.equal(err.response.body.errors[0].source.parameter, 'customerSessionId');
      return true;
    });
    const bad = new TalonOne.IntegrationApi(client(addr, 'wrong'));
    await assert.rejects(bad.getCustomerSession('order/1'), (err) => {
      assert.equal(err.status, 401);
      assert.equal(err.response.body.StatusCode, 401);
      return true;
    });
    console.log('sdktest: ok: every endpoint through talon_one', require('talon_one/package.json').version);
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error('sdktest: FAILED:', err && err.stack ? err.stack : err);
  if (err && err.response) console.error(err.response.text);
  process.exit(1);
});
