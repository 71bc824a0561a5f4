import { bearer, createTestApp, TestApp } from '../utils/create-app';

describe('languages: error messages follow Accept-Language, codes never change', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const unknownProgram = (lang?: string) => {
    const req = t
      .http()
      .get('/api/v1/programs/00000000-0000-4000-8000-000000000000')
      .set(bearer(admin));
    return lang ? req.set('Accept-Language', lang) : req;
  };

  it('answers NOT_FOUND in English by default, in Chinese and Urdu when asked', async () => {
    const en = await unknownProgram();
    expect(en.status).toBe(404);
    expect(en.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Program not found' });
    const zh = await unknownProgram('zh-CN,zh;q=0.9,en;q=0.8');
    expect(zh.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: '未找到该交流项目' });
    const ur = await unknownProgram('ur-PK');
    expect(ur.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'مطلوبہ پروگرام موجود نہیں',
    });
  });

  it('weighs q-values and skips languages it does not speak', async () => {
    expect((await unknownProgram('fr;q=1, ur;q=0.9, zh;q=0.8')).body.message).toBe(
      'مطلوبہ پروگرام موجود نہیں',
    );
    expect((await unknownProgram('de, zh-Hans;q=0.5')).body.message).toBe('未找到该交流项目');
    expect((await unknownProgram('fr')).body.message).toBe('Program not found');
  });

  it('translates VALIDATION_FAILED, keeping the field details as they are', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Accept-Language', 'zh')
      .send({ email: 'not-an-email', password: 'x', role: 'wizard', displayName: 'X' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toBe('输入内容未通过校验');
    expect(res.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'email' })]),
    );
  });

  it('translates errors raised before a handler runs and without a token', async () => {
    const noToken = await t.http().get('/api/v1/programs').set('Accept-Language', 'ur');
    expect(noToken.status).toBe(401);
    expect(noToken.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'براہِ کرم پہلے لاگ اِن کریں',
    });
    const badJson = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Accept-Language', 'zh')
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({
      statusCode: 400,
      code: 'MALFORMED_JSON',
      message: '请求正文不是有效的 JSON',
    });
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Accept-Language', 'ur')
      .send({ email: 'nobody@test.local', password: 'wrong-password-1' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: 'ای میل یا پاس ورڈ غلط ہے',
    });
  });
});
