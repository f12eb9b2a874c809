-- With pkcs12Compat "modern" the stored PKCS#12 is AES-encrypted, which
-- iOS 17 and older cannot open: the configuration profile carries this
-- 3DES encoding of the same key and certificate, under the same
-- passphrase, instead. NULL when p12 is 3DES already, and once deleted.
ALTER TABLE certs ADD COLUMN p12_ios BLOB;
