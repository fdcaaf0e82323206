-- Specs for cable.fields.addressee: FM / TO / INFO addressee lines.
local addressee = require "cable.fields.addressee"
local lpeg = rawget(_G, "lpeg") or require "lpeg"

describe("addressee.parse", function()
  it("reads the seed's TO line (TO SECSTATE WASHDC 8508)", function()
    assert.same({ text = "TO SECSTATE WASHDC 8508", keyword = "TO", name = "SECSTATE WASHDC",
      post = "WASHINGTON", serial = "8508" }, addressee.parse("TO SECSTATE WASHDC 8508"))
  end)

  it("reads routing indicators, precedence and serials of 2000s lines", function()
    assert.same({ text = "TO RUEHC/SECSTATE WASHDC IMMEDIATE 3217", keyword = "TO", ri = "RUEHC",
      name = "SECSTATE WASHDC", post = "WASHINGTON", precedence = "IMMEDIATE", serial = "3217" },
      addressee.parse("TO RUEHC/SECSTATE WASHDC IMMEDIATE 3217"))
    local e = addressee.parse("RUEHTRO/AMEMBASSY TRIPOLI 3706")
    assert.same({ "RUEHTRO", "AMEMBASSY TRIPOLI", "TRIPOLI", "3706" }, { e.ri, e.name, e.post, e.serial })
    e = addressee.parse("AMEMBASSY ABUJA PRIORITY 0018")
    assert.same({ "PRIORITY", "0018" }, { e.precedence, e.serial })
    assert.equal("0000", addressee.parse("SECDEF WASHDC 0000").serial)
  end)

  it("reads NIACT IMMEDIATE and multi-word posts", function()
    local e = addressee.parse("TO USMISSION USUN NEWYORK NIACT IMMEDIATE")
    assert.same({ "USMISSION USUN NEWYORK", "USUN NEW YORK", "NIACT IMMEDIATE" },
      { e.name, e.post, e.precedence })
    e = addressee.parse("INFO AMEMBASSY LA PAZ")
    assert.same({ "INFO", "AMEMBASSY LA PAZ", "LA PAZ" }, { e.keyword, e.name, e.post })
  end)

  it("leaves post nil for addressees that are not posts", function()
    local e = addressee.parse("INFO RHEHAAA/NSC WASHINGTON DC")
    assert.equal("NSC WASHINGTON DC", e.name)
    assert.is_nil(e.post)
  end)

  it("marks collectives", function()
    local e = addressee.parse("INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY")
    assert.same({ "EUROPEAN POLITICAL COLLECTIVE", true, "PRIORITY" }, { e.name, e.collective, e.precedence })
    assert.is_true(addressee.parse("ALL DIPLOMATIC AND CONSULAR POSTS").collective)
  end)

  it("gives nil and a message for bad input, never raising", function()
    for _, bad in ipairs{ "", "   ", "\0", "caf\233", "TO 1234" } do
      local e, err = addressee.parse(bad)
      assert.is_nil(e, bad)
      assert.is_string(err)
    end
    assert.has_error(function() addressee.parse(nil) end)
  end)
end)

describe("addressee.parse_list", function()
  it("reads the seed's INFO block", function()
    local list, w = addressee.parse_list({ "INFO AMEMBASSY LA PAZ", "AMEMBASSY QUITO", "AMEMBASSY SANTIAGO" })
    assert.same({ "LA PAZ", "QUITO", "SANTIAGO" }, { list[1].post, list[2].post, list[3].post })
    assert.same({}, w)
  end)

  it("marks XMT lines as exclusions in the same list (1990s SARAJEVO block)", function()
    local block = "INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE\nRHEHNSC/NSC WASHDC\n"
      .. "RUEKJCS/SECDEF WASHDC\nXMT AMCONSUL STRASBOURG\n"
    local list = addressee.parse_list(block)
    assert.equal(4, #list)
    assert.is_true(list[1].collective)
    assert.is_true(list[4].exclude)
    assert.equal("STRASBOURG", list[4].post)
    assert.is_nil(list[3].exclude)
  end)

  it("warns about bad lines and fails on a block without addressees", function()
    local list, w = addressee.parse_list({ "AMEMBASSY QUITO", "\0" })
    assert.equal(1, #list)
    assert.equal(1, #w)
    local none, err = addressee.parse_list({ "", "\0" })
    assert.is_nil(none)
    assert.is_string(err)
    assert.has_error(function() addressee.parse_list(42) end)
  end)
end)

describe("addressee.precedence", function()
  it("matches the addressee-line precedence words", function()
    assert.equal("NIACT IMMEDIATE", lpeg.match(addressee.precedence, "NIACT IMMEDIATE"))
    assert.equal("FLASH", lpeg.match(addressee.precedence, "FLASH"))
    assert.equal("ROUTINE", lpeg.match(addressee.precedence, "ROUTINE"))
    assert.is_nil(lpeg.match(addressee.precedence, "PRIORITYX"))
  end)
end)
