-- wrk script for benchmarks/submit_wrk.py: POSTs the citizen form, a fresh submission key each.
--
--   wrk -t N -c N -d 10s -s benchmarks/submit_wrk.lua http://127.0.0.1:PORT -- SETUP_FILE
--
-- SETUP_FILE (written by submit_wrk.py) holds, one per line: the Cookie header of a session
-- that loaded the form (its CSRF token is in the bodies), a run tag for the keys, the file
-- this script writes its results to, the number of form paths, the paths, then one url-encoded
-- form body per line (everything but the submission key).
--
-- Run with as many threads as connections (-t N -c N): each thread then has one connection,
-- whose responses come in the order of its requests, so each 303 is matched to its key.

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   local file = assert(io.open(args[1]))
   cookie = file:read("*l")
   tag = file:read("*l")
   results = file:read("*l") -- read by done(), through the first thread
   paths = {}
   for _ = 1, tonumber(file:read("*l")) do
      paths[#paths + 1] = file:read("*l")
   end
   bodies = {}
   for line in file:lines() do
      bodies[#bodies + 1] = line
   end
   file:close()
   headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie }
   sent, first, last, counter = {}, 1, 0, 0
   acked, statuses = {}, {}
   -- wrk (4.1) calls request() once in the first thread to check the script, and never
   -- sends that request: it gets no key in the queue.
   checking = id == 1
end

function request()
   if checking then
      checking = false
      return wrk.format("POST", paths[1], headers, bodies[1])
   end
   counter = counter + 1
   local key = string.format("%s%03d%09d", tag, id, counter)
   last = last + 1
   sent[last] = key
   local body = bodies[counter % #bodies + 1] .. "&submission_key=" .. key
   return wrk.format("POST", paths[counter % #paths + 1], headers, body)
end

function response(status, headers, body)
   local key = sent[first]
   sent[first] = nil
   first = first + 1
   statuses[status] = (statuses[status] or 0) + 1
   if status == 303 then
      acked[#acked + 1] = key
   end
end

function done(summary, latency, requests)
   local out = assert(io.open(threads[1]:get("results"), "w"))
   local errors = summary.errors
   out:write(string.format(
      "summary %d %d %d %d %d %d %d %d %d\n", summary.duration, summary.requests,
      latency:percentile(50), latency:percentile(99), errors.connect, errors.read,
      errors.write, errors.status, errors.timeout))
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         out:write(string.format("status %d %d\n", status, count))
      end
      for _, key in ipairs(thread:get("acked")) do
         out:write("acked ", key, "\n")
      end
      local sent, first, last = thread:get("sent"), thread:get("first"), thread:get("last")
      for position = first, last do
         out:write("pending ", sent[position], "\n") -- sent, no answer when the run stopped
      end
   end
   out:close()
end
